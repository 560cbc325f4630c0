/* `run [--bundle DIR] [--detach] [--pid-file F] ID`: create + start; in the foreground wait and delete. */
#include "cli.h"
#include "container.h"

int
cmd_run (struct global_options *g, int argc, char **argv, isomer_error_t *err)
{
  struct create_options o = { .root = g->root, .bundle = "." };
  int detach = 0, code = 0;
  if (cli_parse_create_options ("run", argc, argv, &o, &detach, err) < 0)
    return -1;
  if (isomer_container_run (&o, detach, &code, err) < 0)
    return -1;
  return code;
}
