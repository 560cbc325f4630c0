/* cgroups v1 and v2 (and the v1/v2 hybrid): create, enter, limit, kill-all, remove. */
#ifndef ISOMER_CGROUP_H
#define ISOMER_CGROUP_H

#include "error.h"
#include "spec.h"
#include <sys/types.h>

/* One hierarchy the container lives in: its directory, how many levels we created. */
struct cgroup_dir { char *dir, *controllers, *mount; int v2, created_levels; };
/* All of a container's cgroup directories. */
struct cgroup_set { struct cgroup_dir *dirs; size_t n; };

/* Create the container's cgroup in every mounted hierarchy and write the limits. */
int cgroup_create (const struct spec *spec, const char *id, struct cgroup_set *set, isomer_error_t *err);
/* Move `pid` into every hierarchy of the set (cgroup.procs); on v2 EBUSY, into init's cgroup. */
int cgroup_enter (const struct cgroup_set *set, pid_t pid, pid_t init, isomer_error_t *err);
/* Move `pid` into the v2 cgroup open as `dirfd` (O_PATH is enough); -1 with errno on failure. */
int cgroup_enter_fd (int dirfd, pid_t pid);
/* The host-side directory of `pid`'s cgroup in the v2 hierarchy `d` (read from /proc/<pid>/cgroup
   in the caller's cgroup namespace), or NULL. */
char *cgroup_v2_dir_of (const struct cgroup_dir *d, pid_t pid);
/* Send `sig` to every process of the container's cgroup; returns how many were signalled. */
int cgroup_kill_all (const struct cgroup_set *set, int sig);
/* Remove the directories depth first (retrying EBUSY), and the parents we created. */
int cgroup_destroy (const struct cgroup_set *set, isomer_error_t *err);
/* Serialize to / parse from the state file text ("v2 levels controllers mount dir" per line). */
char *cgroup_serialize (const struct cgroup_set *set);
int cgroup_parse (const char *text, struct cgroup_set *set);
/* Read and parse a container's cgroups state file `<root>/<id>/cgroups` (err may be NULL). */
int cgroup_load (const char *root, const char *id, struct cgroup_set *set, isomer_error_t *err);
/* Free the set's memory. */
void cgroup_set_free (struct cgroup_set *set);

#endif
