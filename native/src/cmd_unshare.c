/* `unshare [--net] --uid-map C:H:N... [--gid-map C:H:N...] [--] CMD...`: run CMD as root of a new
   user + mount (+ network) namespace with these mappings (rootless store and unpack work). */
#include "cli.h"
#include "userns.h"
#include <stdlib.h>
#include <string.h>

int
cmd_unshare (struct global_options *g, int argc, char **argv, isomer_error_t *err)
{
  (void) g;
  struct unshare_options o = { 0 };
  int i = 0, ret = 0;
  for (; i < argc && ret == 0; i++)
    {
      const char *v = NULL;
      if (strcmp (argv[i], "--") == 0)
        {
          i++;
          break;
        }
      if (cli_flag (argv[i], "net", NULL))
        o.net = 1;
      else if (cli_option (argc, argv, &i, "uid-map", NULL, &v))
        ret = userns_add_mapping (&o.uid_map, v ? v : "", "uid-map", err);
      else if (cli_option (argc, argv, &i, "gid-map", NULL, &v))
        ret = userns_add_mapping (&o.gid_map, v ? v : "", "gid-map", err);
      else if (argv[i][0] == '-')
        ret = isomer_make_error (err, 0, "unshare: unknown option `%s`", argv[i]);
      else
        break;
    }
  if (ret == 0 && i >= argc)
    ret = isomer_make_error (err, 0, "unshare: expected `[--net] --uid-map C:H:N [--gid-map C:H:N] [--] CMD...`");
  if (ret == 0)
    {
      o.argv = argv + i;
      ret = userns_unshare_exec (&o, err);
    }
  free (o.uid_map);
  free (o.gid_map);
  return ret;
}
