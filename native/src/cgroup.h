/* cgroups v1 and v2 (and the v1/v2 hybrid): create, enter, limit, kill-all, remove. */
#ifndef ISOMER_CGROUP_H
#define ISOMER_CGROUP_H

#include "error.h"
#include "spec.h"
#include <sys/types.h>

/* One hierarchy the container lives in: its directory, how many levels we created. */
struct cgroup_dir { char *dir, *controllers, *mount; int v2, created_levels, systemd; };
/* All of a container's cgroup directories. */
struct cgroup_set { struct cgroup_dir *dirs; size_t n; };

/* Create the container's cgroup in every mounted hierarchy and write the limits. */
int cgroup_create (const struct spec *spec, const char *id, struct cgroup_set *set, isomer_error_t *err);
/* Put the container's init `pid` in its cgroup after the clone: with systemd, start the scope
   (then write the limits); else cgroup.procs. */
int cgroup_attach (const struct spec *spec, const struct cgroup_set *set, pid_t pid, isomer_error_t *err);
/* The systemd manager (cgroup_systemd.c): 1 when it is to be used (pure v2, PID 1 systemd,
   libsystemd loadable, ISOMER_CGROUP_MANAGER not `cgroupfs`), 0 for cgroupfs, < 0 when
   ISOMER_CGROUP_MANAGER=systemd cannot be honoured. */
int cgroup_systemd_available (isomer_error_t *err);
/* Start the transient scope `d` is the directory of (slice/unit.scope), with `pid` in it. */
int cgroup_systemd_start (const struct cgroup_dir *d, pid_t pid, isomer_error_t *err);
/* Stop the scope (errors ignored: it may be gone already). */
void cgroup_systemd_stop (const struct cgroup_dir *d);
/* The cgroup path of a slice unit: "a-b.slice" -> "/a.slice/a-b.slice" ("" for "-.slice"). */
char *cgroup_systemd_slice_path (const char *slice);
/* The effective device rules (cgroup_devices.c): linux.resources.devices with the default allow
   list after a deny-all, then rwm for each of linux.devices; 0 rules when the spec has none. */
struct spec_devrule;
size_t cgroup_device_rules (const struct spec *spec, struct spec_devrule **out);
/* Write the spec's resource limits into the set's directories (cgroup_limits.c). */
int cgroup_apply_limits (const struct spec *spec, const struct cgroup_set *set, isomer_error_t *err);
/* Load the rules as a BPF_PROG_TYPE_CGROUP_DEVICE program and attach it to cgroup `dir` (v2). */
int cgroup_attach_device_program (const char *dir, const struct spec_devrule *rules, size_t n, isomer_error_t *err);
/* Move `pid` into every hierarchy of the set (cgroup.procs); on v2 EBUSY, into init's cgroup. */
int cgroup_enter (const struct cgroup_set *set, pid_t pid, pid_t init, isomer_error_t *err);
/* Move `pid` into the v2 cgroup open as `dirfd` (O_PATH is enough); -1 with errno on failure. */
int cgroup_enter_fd (int dirfd, pid_t pid);
/* The host-side directory of `pid`'s cgroup in the v2 hierarchy `d` (read from /proc/<pid>/cgroup
   in the caller's cgroup namespace), or NULL. */
char *cgroup_v2_dir_of (const struct cgroup_dir *d, pid_t pid);
/* Send `sig` to every process of the container's cgroup; returns how many were signalled. */
int cgroup_kill_all (const struct cgroup_set *set, int sig);
/* OOM kills so far (v2 memory.events, v1 memory.oom_control `oom_kill`), -1 when unknown. */
long cgroup_oom_kills (const struct cgroup_set *set);
/* Remove the directories depth first (retrying EBUSY), and the parents we created. */
int cgroup_destroy (const struct cgroup_set *set, isomer_error_t *err);
/* Serialize to / parse from the state file text ("v2 levels controllers mount dir" per line; v2 is 2 for a systemd scope). */
char *cgroup_serialize (const struct cgroup_set *set);
int cgroup_parse (const char *text, struct cgroup_set *set);
/* Read and parse a container's cgroups state file `<root>/<id>/cgroups` (err may be NULL). */
int cgroup_load (const char *root, const char *id, struct cgroup_set *set, isomer_error_t *err);
/* Free the set's memory. */
void cgroup_set_free (struct cgroup_set *set);

#endif
