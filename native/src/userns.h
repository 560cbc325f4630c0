/* User namespaces: id maps written for a process (directly as root, through Debian's setuid
   newuidmap/newgidmap otherwise), and `unshare`, which runs a command in a new user namespace. */
#ifndef ISOMER_USERNS_H
#define ISOMER_USERNS_H

#include "error.h"
#include <sys/types.h>

/* Write the id maps of `pid`'s (new, still unmapped) user namespace. `uid_map`/`gid_map` are
   /proc/<pid>/uid_map text ("container host size\n" lines); gid_map may be NULL. */
int userns_write_maps (pid_t pid, const char *uid_map, const char *gid_map, isomer_error_t *err);

/* "C:H:N" (a command-line mapping) appended to `map` as a "C H N\n" line. */
int userns_add_mapping (char **map, const char *arg, const char *option, isomer_error_t *err);

/* Options of `unshare`. */
struct unshare_options
{
  char *uid_map, *gid_map; /* "C H N\n" lines; uid_map required */
  int net;                 /* a new network namespace too */
  char **argv;             /* the command (NULL-terminated) */
};

/* Unshare a user + mount (+ net) namespace, have the maps written, become its root and exec
   argv in place (so the command keeps this process's pid). Returns only on failure. */
int userns_unshare_exec (const struct unshare_options *opts, isomer_error_t *err);

#endif
