/* The state directory <root>/<id>: the names of its files, status.json, and the derived status. */
#ifndef ISOMER_STATUS_H
#define ISOMER_STATUS_H

#include "error.h"
#include <sys/types.h>

/* Every file the runtime writes in a state directory (status_remove_dir removes them, and their
   ".tmp" twins left by an interrupted atomic write). */
#define STATE_STATUS "status.json"       /* struct container_status, by status_write */
#define STATE_FIFO "exec.fifo"           /* there while created, opened by `start` */
#define STATE_CGROUPS "cgroups"          /* the cgroup set, cgroup_serialize */
#define STATE_EXEC_CONF "exec.conf"      /* what `exec` needs, exec_conf.c */
#define STATE_EXIT "exit"                /* init's exit code, by the shim */
#define STATE_SECCOMP "seccomp.bpf"      /* the compiled filter, for `exec` */
#define STATE_HOOKS "hooks"              /* marker: the bundle has hooks */

/* What is persisted per container; everything else is derived. */
struct container_status
{
  pid_t pid;
  unsigned long long start_time;
  char *bundle, *rootfs, *created, *annotations;
};

/* Check that `id` is a valid container id ([A-Za-z0-9_.+-], not "." / ".."). */
int status_validate_id (const char *id, isomer_error_t *err);
/* <root>/<id> (malloc'd). */
char *status_dir (const char *root, const char *id);
/* Remove the files above from state directory `dir`, then `dir`. */
void status_remove_dir (const char *dir);
/* Write status.json atomically. */
int status_write (const char *dir, const struct container_status *st, isomer_error_t *err);
/* Read status.json; a missing directory reports "container `id` does not exist". */
int status_read (const char *root, const char *id, struct container_status *st, isomer_error_t *err);
/* An annotations object as compact JSON text (string values only; malloc'd). */
struct json_value;
char *status_annotations_text (const struct json_value *annotations);
/* Free the strings of *st. */
void status_free (struct container_status *st);
/* A struct container_status freed at the end of its scope (initialize it: `= { 0 }`). */
#define cleanup_status __attribute__ ((cleanup (status_free)))
/* Start time (field 22 of /proc/<pid>/stat), 0 when the process is gone (zombies count as present). */
unsigned long long process_start_time (pid_t pid);
/* 1 when the recorded pid is alive and has the recorded start time. */
int status_is_alive (const struct container_status *st);
/* "created", "running" or "stopped", derived from pid + start time + exec.fifo. */
const char *status_derive (const char *root, const char *id, const struct container_status *st);
/* Write OCI state JSON for a container to stdout-like FILE. */
void status_print_state (void *file, const char *id, const char *status, const struct container_status *st,
                         long oom_kills);

#endif
