/* `exec --tty` and a foreground `run` with a terminal: the pty and the proxy between it and ours. */
#ifndef ISOMER_EXEC_TTY_H
#define ISOMER_EXEC_TTY_H

#include "error.h"
#include <stddef.h>
#include <sys/types.h>

/* Open a pty master in the container's devpts; its slave's name goes to slave_name. */
int exec_tty_prepare (int *master, char *slave_name, size_t len, isomer_error_t *err);
/* In the child: make the slave the controlling terminal and stdio. */
int exec_tty_child (const char *slave_name);
/* Copy between our terminal (raw mode, window size) and `master` until `child` exits. */
int exec_tty_proxy (int master, pid_t child);

#endif
