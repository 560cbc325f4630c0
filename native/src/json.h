/* A small JSON reader (DOM) and string escaper, enough for config.json and status.json. */
#ifndef ISOMER_JSON_H
#define ISOMER_JSON_H

#include "error.h"
#include <stddef.h>
#include <stdio.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

/* One JSON value; objects keep keys[] parallel to items[]. */
typedef struct json_value
{
  enum json_type type;
  int boolean;
  long long integer;
  double number;
  char *string;
  size_t len;
  char **keys;
  struct json_value **items;
} json_value;

/* Parse text into a tree; returns NULL and fills *err on a syntax error. */
json_value *json_parse (const char *text, isomer_error_t *err);
/* Free a tree. */
void json_free (json_value *v);
/* Member `key` of an object, or NULL. */
json_value *json_get (const json_value *obj, const char *key);
/* String member or NULL when absent / not a string. */
const char *json_get_string (const json_value *obj, const char *key);
/* Write s as a quoted JSON string. */
void json_write_string (FILE *f, const char *s);

#endif
