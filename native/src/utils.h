/* Small helpers: cleanup attributes, allocation, file I/O, paths. */
#ifndef ISOMER_UTILS_H
#define ISOMER_UTILS_H

#include "error.h"
#include <stddef.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

void cleanup_freep (void *p);
void cleanup_closep (int *fd);
#define cleanup_free __attribute__ ((cleanup (cleanup_freep)))
#define cleanup_close __attribute__ ((cleanup (cleanup_closep)))

/* malloc/calloc/strdup/asprintf that abort on out-of-memory. */
void *xmalloc (size_t n);
void *xcalloc (size_t n, size_t m);
void *xrealloc (void *p, size_t n);
char *xstrdup (const char *s);
char *xasprintf (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

/* Read a whole file (NUL-terminated) into *out; *len gets its size when not NULL. */
/* Sleep `ms` milliseconds (resumes after signals). */
void sleep_ms (int ms);
int read_all_file (const char *path, char **out, size_t *len, isomer_error_t *err);
/* Write data to an existing or new file (O_TRUNC). */
int write_file (const char *path, const void *data, size_t len, isomer_error_t *err);
/* Write data to path through path.tmp + rename. */
int write_file_atomic (const char *path, const void *data, size_t len, isomer_error_t *err);
/* write(2) all of buf, retrying on EINTR. */
int safe_write (int fd, const void *buf, size_t len);
/* From now on pass SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 (and SIGWINCH with `winch`)
   on to `pid`: a foreground `run` or `exec` stands for the container's process. */
void forward_signals_to (pid_t pid, int winch);
/* mkdir -p with mode. */
int mkdir_p (const char *path, mode_t mode, isomer_error_t *err);
/* Resolve `path` inside `root` following symlinks without leaving root; returns malloc'd path. */
char *resolve_in_root (const char *root, const char *path);
/* Connect to a unix stream socket (e.g. --console-socket); returns the fd. */
int unix_connect (const char *path, isomer_error_t *err);
/* Send one fd over a unix socket (SCM_RIGHTS); -1 with errno on failure. */
int send_fd (int sock, int fd);
/* Parse a decimal signed 64-bit integer; returns 0 on success. */
int parse_int64 (const char *s, long long *out);

#endif
