/* OCI hooks (prestart, createRuntime, createContainer, startContainer, poststart, poststop). */
#ifndef ISOMER_HOOKS_H
#define ISOMER_HOOKS_H

#include "error.h"
#include "json.h"
#include <sys/types.h>

/* Run every hook of `kind` in config `hooks` object, feeding the OCI state JSON on stdin. */
int hooks_run (const json_value *hooks, const char *kind, const char *state_json, isomer_error_t *err);
/* OCI state JSON text for hooks (malloc'd). */
char *hooks_state (const char *id, const char *status, pid_t pid, const char *bundle, const json_value *annotations);
/* 1 when the config has any hook. */
int hooks_present (const json_value *hooks);

#endif
