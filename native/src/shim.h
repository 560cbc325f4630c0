/* The shim `create` leaves behind for each container. */
#ifndef ISOMER_SHIM_H
#define ISOMER_SHIM_H

#include <sys/types.h>

/* Wait for init (`child`), record its exit code in <dir>/exit, reap it and exit with that code. */
void shim_wait_forever (const char *dir, pid_t child) __attribute__ ((noreturn));

#endif
