/* The container lifecycle: create (shim + init), start, state, kill, delete, list, run, exec. */
#ifndef ISOMER_CONTAINER_H
#define ISOMER_CONTAINER_H

#include "error.h"
#include "spec.h"
#include <stdio.h>
#include <sys/types.h>

/* Options of `create` / `run`. */
struct create_options
{
  const char *root, *id, *bundle, *pid_file, *console_socket;
  int keep_shim_child; /* run in the foreground: the shim stays our child */
  int *console_pair;   /* foreground run with a terminal: gets our end of the console socketpair */
};

/* Options of `exec`. */
struct exec_options
{
  const char *root, *id, *cwd, *user, *process_file, *pid_file, *console_socket;
  char **env, **argv;
  size_t n_env, n_argv;
  int tty, detach;
};

/* Create the container: cgroups, shim, init waiting on exec.fifo; *shim gets the shim's pid. */
int isomer_container_create (const struct create_options *opts, pid_t *shim, isomer_error_t *err);
/* Release a created container's process. */
int isomer_container_start (const char *root, const char *id, isomer_error_t *err);
/* Print OCI state JSON. */
int isomer_container_state (const char *root, const char *id, FILE *out, isomer_error_t *err);
/* Send a signal to the container's init (or every process with `all`). */
int isomer_container_kill (const char *root, const char *id, int sig, int all, isomer_error_t *err);
/* Remove a stopped (or, with force, any) container: processes, cgroups, state. */
int isomer_container_delete (const char *root, const char *id, int force, isomer_error_t *err);
/* Print the containers under root as a table or JSON array. */
int isomer_container_list (const char *root, int json, int quiet, FILE *out, isomer_error_t *err);
/* create + start; in the foreground wait, delete, and return the exit code in *exit_code. */
int isomer_container_run (const struct create_options *opts, int detach, int *exit_code, isomer_error_t *err);
/* Run a process in a running container; *exit_code gets its code (128+signal when killed). */
int isomer_container_exec (const struct exec_options *opts, int *exit_code, isomer_error_t *err);
/* Parse a signal name ("KILL", "SIGKILL") or number; -1 when unknown. */
int parse_signal (const char *s);

/* Internal: the container's first process, run in the child of the shim; never returns. */
void isomer_init_run (const struct spec *spec, const void *cgroups, const void *seccomp, int sync_fd, const char *fifo,
                      int console_fd)
    __attribute__ ((noreturn));

#endif
