/* `delete [--force] ID` */
#include "cli.h"
#include "container.h"
#include <stddef.h>

int
cmd_delete (struct global_options *g, int argc, char **argv, isomer_error_t *err)
{
  const char *id = NULL;
  int force = 0;
  for (int i = 0; i < argc; i++)
    {
      if (cli_flag (argv[i], "force", "f"))
        force = 1;
      else if (argv[i][0] == '-')
        return isomer_make_error (err, 0, "delete: unknown option `%s`", argv[i]);
      else if (id == NULL)
        id = argv[i];
      else
        return isomer_make_error (err, 0, "delete: unexpected argument `%s`", argv[i]);
    }
  if (id == NULL)
    return isomer_make_error (err, 0, "delete: expected a container id");
  return isomer_container_delete (g->root, id, force, err) < 0 ? -1 : 0;
}
