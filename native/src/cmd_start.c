/* `start ID` */
#include "cli.h"
#include "container.h"
#include <stdio.h>

int
cmd_start (struct global_options *g, int argc, char **argv, isomer_error_t *err)
{
  if (argc != 1 || argv[0][0] == '-')
    return isomer_make_error (err, 0, "start: expected exactly one container id, got %d arguments", argc);
  return isomer_container_start (g->root, argv[0], err) < 0 ? -1 : 0;
}
