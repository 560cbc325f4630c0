/* `create --bundle DIR [--pid-file F] [--console-socket S] ID` */
#include "cli.h"
#include "container.h"
#include <string.h>

int
cmd_create (struct global_options *g, int argc, char **argv, isomer_error_t *err)
{
  struct create_options o = { .root = g->root, .bundle = "." };
  pid_t shim;
  for (int i = 0; i < argc; i++)
    {
      const char *v = NULL;
      if (cli_option (argc, argv, &i, "bundle", "b", &v))
        o.bundle = v;
      else if (cli_option (argc, argv, &i, "pid-file", NULL, &v))
        o.pid_file = v;
      else if (cli_option (argc, argv, &i, "console-socket", NULL, &v))
        o.console_socket = v;
      else if (cli_option (argc, argv, &i, "preserve-fds", NULL, &v) || cli_flag (argv[i], "no-pivot", NULL)
               || cli_flag (argv[i], "no-new-keyring", NULL))
        continue;
      else if (argv[i][0] == '-')
        return isomer_make_error (err, 0, "create: unknown option `%s`", argv[i]);
      else if (o.id == NULL)
        o.id = argv[i];
      else
        return isomer_make_error (err, 0, "create: unexpected argument `%s`", argv[i]);
    }
  if (o.id == NULL || o.bundle == NULL)
    return isomer_make_error (err, 0, "create: expected `--bundle DIR ID`");
  return isomer_container_create (&o, &shim, err) < 0 ? -1 : 0;
}
