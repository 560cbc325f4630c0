/* exec.conf in a container's state directory: the process `exec` starts from, and init's pid. */
#ifndef ISOMER_EXEC_CONF_H
#define ISOMER_EXEC_CONF_H

#include "error.h"
#include "spec.h"
#include <sys/types.h>

/* Write <dir>/exec.conf atomically: spec's process, and init's pid and start time. */
int exec_conf_write (const char *dir, const struct spec *spec, pid_t pid, unsigned long long start);
/* Read <root>/<id>/exec.conf into *pid, *start and *p (whose strings the caller frees);
   a missing file reports "container `id` does not exist". */
int exec_conf_read (const char *root, const char *id, pid_t *pid, unsigned long long *start, struct spec_process *p,
                    isomer_error_t *err);

#endif
