/* `create --bundle DIR [--pid-file F] [--console-socket S] ID` */
#include "cli.h"
#include "container.h"

int
cmd_create (struct global_options *g, int argc, char **argv, isomer_error_t *err)
{
  struct create_options o = { .root = g->root, .bundle = "." };
  pid_t shim;
  if (cli_parse_create_options ("create", argc, argv, &o, NULL, err) < 0)
    return -1;
  return isomer_container_create (&o, &shim, err) < 0 ? -1 : 0;
}
