/* `state ID` */
#include "cli.h"
#include "container.h"
#include <stdio.h>

int
cmd_state (struct global_options *g, int argc, char **argv, isomer_error_t *err)
{
  if (argc != 1 || argv[0][0] == '-')
    return isomer_make_error (err, 0, "state: expected exactly one container id, got %d arguments", argc);
  return isomer_container_state (g->root, argv[0], stdout, err) < 0 ? -1 : 0;
}
