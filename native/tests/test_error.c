/* The error contract: make, wrap, render, release. */
#define _GNU_SOURCE
#include "check.h"
#include "error.h"
#include <errno.h>

int
main (void)
{
  isomer_error_t err = NULL;
  CHECK (isomer_make_error (&err, ENOENT, "open `%s`", "/x") == -ENOENT);
  CHECK (isomer_error_wrap (&err, "create container `%s`", "c1") == -ENOENT);
  char *text = isomer_error_text (err);
  CHECK_STR (text, "create container `c1`: open `/x`: No such file or directory");
  free (text);
  isomer_error_release (&err);
  CHECK (err == NULL);
  CHECK (isomer_make_error (&err, 0, "plain") == -1);
  text = isomer_error_text (err);
  CHECK_STR (text, "plain");
  free (text);
  isomer_error_release (&err);
  CHECK (isomer_make_error (NULL, EPERM, "ignored") == -EPERM);
  return 0;
}
