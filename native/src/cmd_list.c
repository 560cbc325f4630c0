/* `list [--format table|json] [--quiet]` */
#include "cli.h"
#include "container.h"
#include <stdio.h>
#include <string.h>

int
cmd_list (struct global_options *g, int argc, char **argv, isomer_error_t *err)
{
  int json = 0, quiet = 0;
  for (int i = 0; i < argc; i++)
    {
      const char *v = NULL;
      if (cli_option (argc, argv, &i, "format", "f", &v))
        {
          if (v == NULL || (strcmp (v, "json") && strcmp (v, "table")))
            return isomer_make_error (err, 0, "list: expected `--format` to be `table` or `json`, got `%s`",
                                      v ? v : "nothing");
          json = strcmp (v, "json") == 0;
        }
      else if (cli_flag (argv[i], "quiet", "q"))
        quiet = 1;
      else
        return isomer_make_error (err, 0, "list: unexpected argument `%s`", argv[i]);
    }
  return isomer_container_list (g->root, json, quiet, stdout, err) < 0 ? -1 : 0;
}
