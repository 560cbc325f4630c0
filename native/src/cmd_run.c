/* `run [--bundle DIR] [--detach] [--pid-file F] ID`: create + start; in the foreground wait and delete. */
#include "cli.h"
#include "container.h"

int
cmd_run (struct global_options *g, int argc, char **argv, isomer_error_t *err)
{
  struct create_options o = { .root = g->root, .bundle = "." };
  int detach = 0, code = 0;
  for (int i = 0; i < argc; i++)
    {
      const char *v = NULL;
      if (cli_option (argc, argv, &i, "bundle", "b", &v))
        o.bundle = v;
      else if (cli_option (argc, argv, &i, "pid-file", NULL, &v))
        o.pid_file = v;
      else if (cli_option (argc, argv, &i, "console-socket", NULL, &v))
        o.console_socket = v;
      else if (cli_flag (argv[i], "detach", "d"))
        detach = 1;
      else if (cli_option (argc, argv, &i, "preserve-fds", NULL, &v) || cli_flag (argv[i], "no-pivot", NULL)
               || cli_flag (argv[i], "no-new-keyring", NULL) || cli_flag (argv[i], "keep", NULL))
        continue;
      else if (argv[i][0] == '-')
        return isomer_make_error (err, 0, "run: unknown option `%s`", argv[i]);
      else if (o.id == NULL)
        o.id = argv[i];
      else
        return isomer_make_error (err, 0, "run: unexpected argument `%s`", argv[i]);
    }
  if (o.id == NULL || o.bundle == NULL)
    return isomer_make_error (err, 0, "run: expected `[--bundle DIR] ID`");
  if (isomer_container_run (&o, detach, &code, err) < 0)
    return -1;
  return code;
}
