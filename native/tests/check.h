/* Tiny assertion helpers for the C unit tests: exit 0 pass, 1 fail, 77 skip. */
#ifndef ISOMER_CHECK_H
#define ISOMER_CHECK_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                  \
  do                                                                                 \
    {                                                                                \
      if (!(cond))                                                                   \
        {                                                                            \
          fprintf (stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
          exit (1);                                                                  \
        }                                                                            \
    }                                                                                \
  while (0)
#define CHECK_STR(a, b) CHECK ((a) != NULL && strcmp ((a), (b)) == 0)
#endif
