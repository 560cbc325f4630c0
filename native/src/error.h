/* The error contract (see native/ERRORS.md): fallible functions return < 0 and fill *err. */
#ifndef ISOMER_ERROR_H
#define ISOMER_ERROR_H

#include <stdarg.h>

#define LIKELY(x) __builtin_expect (!!(x), 1)
#define UNLIKELY(x) __builtin_expect (!!(x), 0)

/* One error: errno-like status (0 when none applies) and a message without the errno text. */
struct isomer_error_s
{
  int status;
  char *msg;
};
typedef struct isomer_error_s *isomer_error_t;

/* Fill *err with "what" (printf format) and errno `status`; returns -1 (or -status when > 0). */
int isomer_make_error (isomer_error_t *err, int status, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));
/* Prefix the message of *err with context: "context: old message"; returns the same code. */
int isomer_error_wrap (isomer_error_t *err, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));
/* Render "msg: strerror(status)" into a new string (caller frees). */
char *isomer_error_text (isomer_error_t err);
/* Free *err and set it to NULL. */
void isomer_error_release (isomer_error_t *err);
/* Rebuild an error from a rendered text (used across the sync pipe). */
int isomer_error_from_text (isomer_error_t *err, const char *text);

/* What went wrong without failing the call ("note: ...", "warning: ..."): library code records it,
   main.c prints every recorded one when the verb returns. */
void isomer_warn (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));
/* The recorded warnings, oldest first, NULL-terminated (never NULL itself). */
char *const *isomer_warnings (void);

#endif
