/* `kill [--all] ID [SIGNAL]` (SIGNAL: name or number, default TERM) */
#include "cli.h"
#include "container.h"
#include <stddef.h>

int
cmd_kill (struct global_options *g, int argc, char **argv, isomer_error_t *err)
{
  const char *id = NULL, *signame = "TERM";
  int all = 0, n = 0;
  for (int i = 0; i < argc; i++)
    {
      if (cli_flag (argv[i], "all", "a"))
        all = 1;
      else if (argv[i][0] == '-' && argv[i][1] != '\0' && !(argv[i][1] >= '0' && argv[i][1] <= '9'))
        return isomer_make_error (err, 0, "kill: unknown option `%s`", argv[i]);
      else if (n++ == 0)
        id = argv[i];
      else if (n == 2)
        signame = argv[i];
      else
        return isomer_make_error (err, 0, "kill: unexpected argument `%s`", argv[i]);
    }
  if (id == NULL)
    return isomer_make_error (err, 0, "kill: expected `ID [SIGNAL]`");
  int sig = parse_signal (signame);
  if (sig < 0)
    return isomer_make_error (err, 0, "kill: unknown signal `%s`", signame);
  return isomer_container_kill (g->root, id, sig, all, err) < 0 ? -1 : 0;
}
