/* Turning the current process into the configured one: rlimits, user, capabilities, exec. */
#ifndef ISOMER_PROCESS_H
#define ISOMER_PROCESS_H

#include "error.h"
#include "spec.h"

/* setrlimit each configured limit, clamped to the host hard limit when we may not raise it. */
int process_apply_rlimits (const struct spec_process *proc, isomer_error_t *err);
/* Bounding set, groups, gid, uid, then effective/permitted/inheritable/ambient caps, no_new_privs. */
int process_apply_user_caps (const struct spec_process *proc, isomer_error_t *err);
/* Find args[0] using PATH from the process env; returns malloc'd path or NULL with *err. */
char *process_find_executable (const struct spec_process *proc, isomer_error_t *err);
/* Add HOME from the container's /etc/passwd entry of proc->uid when env has none ("/" if none). */
void process_default_home (struct spec_process *proc);
/* execve the process (only returns on failure). */
int process_exec (const struct spec_process *proc, const char *exe, isomer_error_t *err);

#endif
