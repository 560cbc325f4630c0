/* Option matching shared by the cmd_<verb>.c files (runc accepts -x and --x alike). */
#include "cli.h"
#include <string.h>

int
cli_flag (const char *arg, const char *name, const char *short_name)
{
  const char *a = arg[0] == '-' ? (arg[1] == '-' ? arg + 2 : arg + 1) : NULL;
  if (a == NULL)
    return 0;
  return strcmp (a, name) == 0 || (short_name && arg[1] != '-' && strcmp (a, short_name) == 0);
}

int
cli_option (int argc, char **argv, int *i, const char *name, const char *short_name, const char **value)
{
  const char *arg = argv[*i], *a = arg[0] == '-' ? (arg[1] == '-' ? arg + 2 : arg + 1) : NULL;
  size_t l = strlen (name);
  if (a == NULL)
    return 0;
  if (strncmp (a, name, l) == 0 && a[l] == '=')
    {
      *value = a + l + 1;
      return 1;
    }
  if (!(strcmp (a, name) == 0 || (short_name && arg[1] != '-' && strcmp (a, short_name) == 0)))
    return 0;
  if (*i + 1 >= argc)
    {
      *value = NULL;
      return 1;
    }
  *value = argv[++*i];
  return 1;
}

