/* The JSON reader: values, escapes, errors. */
#define _GNU_SOURCE
#include "check.h"
#include "json.h"

int
main (void)
{
  isomer_error_t err = NULL;
  json_value *v = json_parse ("{\"a\": [1, -2, 3.5e0, true, null], \"s\": \"x\\\"\\u00e9\\n\", \"o\": {}}", &err);
  CHECK (v != NULL && v->type == JSON_OBJECT && v->len == 3);
  json_value *a = json_get (v, "a");
  CHECK (a && a->type == JSON_ARRAY && a->len == 5);
  CHECK (a->items[0]->integer == 1 && a->items[1]->integer == -2 && a->items[2]->number == 3.5);
  CHECK (a->items[3]->type == JSON_BOOL && a->items[3]->boolean && a->items[4]->type == JSON_NULL);
  CHECK_STR (json_get_string (v, "s"), "x\"\xc3\xa9\n");
  CHECK (json_get (v, "missing") == NULL);
  json_free (v);
  CHECK (json_parse ("{\"a\": }", &err) == NULL && err != NULL);
  CHECK (strstr (err->msg, "invalid JSON at offset") != NULL);
  isomer_error_release (&err);
  CHECK (json_parse ("[1] x", &err) == NULL);
  isomer_error_release (&err);
  v = json_parse ("9007199254740993", &err);
  CHECK (v && v->integer == 9007199254740993LL);
  json_free (v);
  return 0;
}
