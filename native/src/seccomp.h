/* linux.seccomp from config.json, through libseccomp. */
#ifndef ISOMER_SECCOMP_H
#define ISOMER_SECCOMP_H

#include "error.h"
#include "json.h"

/* Load the filter described by `seccomp` (NULL: nothing to do). */
int seccomp_apply (const json_value *seccomp, isomer_error_t *err);

#endif
