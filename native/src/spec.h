/* The subset of the OCI runtime config.json that isomer-runtime supports (see native/SPEC.md). */
#ifndef ISOMER_SPEC_H
#define ISOMER_SPEC_H

#include "error.h"
#include "json.h"
#include <stdint.h>
#include <sys/types.h>

enum { CAPSET_BOUNDING, CAPSET_EFFECTIVE, CAPSET_INHERITABLE, CAPSET_PERMITTED, CAPSET_AMBIENT, CAPSET_COUNT };

/* One rlimit: resource number and values. */
struct spec_rlimit { int resource; unsigned long long soft, hard; };

/* process: what runs, as whom, with which privileges. */
struct spec_process
{
  char **args, **env;
  size_t n_args, n_env;
  char *cwd;
  uid_t uid;
  gid_t gid;
  gid_t *gids;
  size_t n_gids;
  int terminal, no_new_privs, has_caps, has_umask;
  mode_t umask;
  uint64_t caps[CAPSET_COUNT];
  struct spec_rlimit *rlimits;
  size_t n_rlimits;
  int has_oom_score_adj, oom_score_adj;
  unsigned console_height, console_width;
};

/* mounts[]: one entry. */
struct spec_mount { char *destination, *type, *source; char **options; size_t n_options; };
/* linux.namespaces[]: clone flag and optional path to join. */
struct spec_namespace { int flag; char *path; };
/* linux.devices[]: a device node to create. */
struct spec_device { char *path; char type; long major, minor; mode_t mode; uid_t uid; gid_t gid; };
/* linux.resources.devices[]: a device cgroup rule (major/minor -1 = any). */
struct spec_devrule { int allow; char type; long major, minor; char access[4]; };

/* linux.resources.blockIO.throttle*Device[]: a rate for one block device; kind 0..3 = read bps,
   write bps, read iops, write iops. */
struct spec_throttle { long major, minor; unsigned long long rate; int kind; };

/* The whole supported configuration. */
struct spec
{
  json_value *json;
  char *bundle, *root_path, *hostname, *domainname, *cgroups_path, *rootfs_propagation;
  int root_readonly;
  struct spec_process process;
  struct spec_mount *mounts;
  size_t n_mounts;
  struct spec_namespace *namespaces;
  size_t n_namespaces;
  char **masked, **readonly, **sysctl_keys, **sysctl_values;
  size_t n_masked, n_readonly, n_sysctl;
  struct spec_device *devices;
  size_t n_devices;
  struct spec_devrule *devrules;
  size_t n_devrules;
  struct spec_throttle *throttles;
  size_t n_throttles;
  long long mem_limit, mem_reservation, mem_swap, mem_swappiness, mem_disable_oom, pids_limit, cpu_shares, cpu_quota, cpu_period;
  char *cpuset_cpus, *cpuset_mems;
  char *uid_map, *gid_map; /* "container host size\n" lines for /proc/<pid>/uid_map, or NULL */
  uid_t root_host_uid;
  gid_t root_host_gid;
  json_value *annotations, *seccomp, *hooks, *unified;
  char *id; /* set by create, for hooks */
};

/* Load <bundle>/config.json into *spec. */
int spec_load (const char *bundle, struct spec *spec, isomer_error_t *err);
/* Fill *proc from a "process" object (also used for `exec --process`). */
int spec_parse_process (json_value *obj, struct spec_process *proc, isomer_error_t *err);
/* Release what spec_load allocated. */
void spec_free (struct spec *spec);
/* Capability number for "CAP_X", or -1. */
int cap_from_name (const char *name);
/* RLIMIT_X name to number, or -1. */
int rlimit_from_name (const char *name);
/* Highest capability number the kernel knows. */
int cap_last_cap (void);
/* clone flag for a namespace type name ("pid", "network", ...), or 0. */
int namespace_flag (const char *type);

#endif
