/* `exec [--tty] [--cwd D] [--env K=V]... [--user U[:G]] [--process F] [--detach] ID [--] ARGV` */
#include "cli.h"
#include "container.h"
#include "utils.h"
#include <string.h>

int
cmd_exec (struct global_options *g, int argc, char **argv, isomer_error_t *err)
{
  struct exec_options o = { .root = g->root };
  int i, code = 0;
  o.env = xcalloc (argc + 1, sizeof (char *));
  for (i = 0; i < argc && o.id == NULL; i++)
    {
      const char *v = NULL;
      if (cli_flag (argv[i], "tty", "t"))
        o.tty = 1;
      else if (cli_flag (argv[i], "detach", "d"))
        o.detach = 1;
      else if (cli_option (argc, argv, &i, "cwd", NULL, &v))
        o.cwd = v;
      else if (cli_option (argc, argv, &i, "env", "e", &v))
        {
          if (v == NULL || strchr (v, '=') == NULL)
            return isomer_make_error (err, 0, "exec: expected `--env K=V`, got `%s`", v ? v : "nothing");
          o.env[o.n_env++] = (char *) v;
        }
      else if (cli_option (argc, argv, &i, "user", "u", &v))
        o.user = v;
      else if (cli_option (argc, argv, &i, "process", "p", &v))
        o.process_file = v;
      else if (cli_option (argc, argv, &i, "pid-file", NULL, &v))
        o.pid_file = v;
      else if (cli_option (argc, argv, &i, "console-socket", NULL, &v))
        o.console_socket = v;
      else if (cli_flag (argv[i], "no-new-privs", NULL))
        continue;
      else if (argv[i][0] == '-')
        return isomer_make_error (err, 0, "exec: unknown option `%s`", argv[i]);
      else
        o.id = argv[i];
    }
  if (o.id == NULL)
    return isomer_make_error (err, 0, "exec: expected `ID [--] ARGV`");
  if (i < argc && strcmp (argv[i], "--") == 0)
    i++;
  o.argv = argv + i;
  o.n_argv = argc - i;
  if (isomer_container_exec (&o, &code, err) < 0)
    return -1;
  return code;
}
