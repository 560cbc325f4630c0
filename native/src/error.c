/* The error contract: build, wrap, render and release isomer_error_t; record warnings. */
#define _GNU_SOURCE
#include "error.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *
vformat (const char *fmt, va_list ap)
{
  char *out = NULL;
  if (vasprintf (&out, fmt, ap) < 0)
    return NULL;
  return out;
}

int
isomer_make_error (isomer_error_t *err, int status, const char *fmt, ...)
{
  va_list ap;
  if (err == NULL)
    return status > 0 ? -status : -1;
  if (*err)
    isomer_error_release (err);
  *err = calloc (1, sizeof (**err));
  if (*err == NULL)
    abort ();
  va_start (ap, fmt);
  (*err)->msg = vformat (fmt, ap);
  va_end (ap);
  (*err)->status = status;
  return status > 0 ? -status : -1;
}

int
isomer_error_wrap (isomer_error_t *err, const char *fmt, ...)
{
  va_list ap;
  char *prefix, *joined = NULL;
  int status;
  if (err == NULL || *err == NULL)
    return -1;
  status = (*err)->status;
  va_start (ap, fmt);
  prefix = vformat (fmt, ap);
  va_end (ap);
  if (prefix && asprintf (&joined, "%s: %s", prefix, (*err)->msg ? (*err)->msg : "") >= 0)
    {
      free ((*err)->msg);
      (*err)->msg = joined;
    }
  free (prefix);
  return status > 0 ? -status : -1;
}

char *
isomer_error_text (isomer_error_t err)
{
  char *out = NULL;
  if (err == NULL)
    return strdup ("unknown error");
  if (err->status > 0)
    {
      if (asprintf (&out, "%s: %s", err->msg ? err->msg : "", strerror (err->status)) < 0)
        return NULL;
      return out;
    }
  return strdup (err->msg ? err->msg : "unknown error");
}

void
isomer_error_release (isomer_error_t *err)
{
  if (err == NULL || *err == NULL)
    return;
  free ((*err)->msg);
  free (*err);
  *err = NULL;
}

int
isomer_error_from_text (isomer_error_t *err, const char *text)
{
  return isomer_make_error (err, 0, "%s", text);
}

static char **warnings;
static size_t n_warnings;

void
isomer_warn (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *text = vformat (fmt, ap);
  va_end (ap);
  char **grown = realloc (warnings, (n_warnings + 2) * sizeof (char *));
  if (text == NULL || grown == NULL)
    abort ();
  warnings = grown;
  warnings[n_warnings++] = text;
  warnings[n_warnings] = NULL;
}

char *const *
isomer_warnings (void)
{
  static char *const none[] = { NULL };
  return warnings ? warnings : none;
}
