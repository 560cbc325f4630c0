/* The options `create` and `run` share: `[--bundle DIR] [--pid-file F] [--console-socket S] ID`,
   runc's no-op flags, and `run`'s `--detach` / `--keep`. */
#include "cli.h"
#include "container.h"
#include <stddef.h>

int
cli_parse_create_options (const char *verb, int argc, char **argv, struct create_options *o, int *detach,
                          isomer_error_t *err)
{
  for (int i = 0; i < argc; i++)
    {
      const char *v = NULL;
      if (cli_option (argc, argv, &i, "bundle", "b", &v))
        o->bundle = v;
      else if (cli_option (argc, argv, &i, "pid-file", NULL, &v))
        o->pid_file = v;
      else if (cli_option (argc, argv, &i, "console-socket", NULL, &v))
        o->console_socket = v;
      else if (detach && cli_flag (argv[i], "detach", "d"))
        *detach = 1;
      else if (cli_option (argc, argv, &i, "preserve-fds", NULL, &v) || cli_flag (argv[i], "no-pivot", NULL)
               || cli_flag (argv[i], "no-new-keyring", NULL) || (detach && cli_flag (argv[i], "keep", NULL)))
        continue;
      else if (argv[i][0] == '-')
        return isomer_make_error (err, 0, "%s: unknown option `%s`", verb, argv[i]);
      else if (o->id == NULL)
        o->id = argv[i];
      else
        return isomer_make_error (err, 0, "%s: unexpected argument `%s`", verb, argv[i]);
    }
  if (o->id == NULL || o->bundle == NULL)
    return isomer_make_error (err, 0, "%s: expected `[--bundle DIR] ID`", verb);
  return 0;
}
