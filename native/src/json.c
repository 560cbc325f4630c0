/* A small JSON reader (DOM) and string escaper. */
#define _GNU_SOURCE
#include "json.h"
#include "utils.h"
#include <stdlib.h>
#include <string.h>

struct parser
{
  const char *p;
  const char *start;
  isomer_error_t *err;
  int failed;
};

static json_value *parse_value (struct parser *ps, int depth);

static void
skip_ws (struct parser *ps)
{
  while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
    ps->p++;
}

static json_value *
fail (struct parser *ps, const char *what)
{
  if (!ps->failed)
    isomer_make_error (ps->err, 0, "invalid JSON at offset %ld: %s", (long) (ps->p - ps->start), what);
  ps->failed = 1;
  return NULL;
}

static void
put_utf8 (char **out, size_t *n, unsigned cp)
{
  char *o = *out + *n;
  if (cp < 0x80)
    o[0] = cp, *n += 1;
  else if (cp < 0x800)
    o[0] = 0xC0 | (cp >> 6), o[1] = 0x80 | (cp & 0x3F), *n += 2;
  else if (cp < 0x10000)
    o[0] = 0xE0 | (cp >> 12), o[1] = 0x80 | ((cp >> 6) & 0x3F), o[2] = 0x80 | (cp & 0x3F), *n += 3;
  else
    o[0] = 0xF0 | (cp >> 18), o[1] = 0x80 | ((cp >> 12) & 0x3F), o[2] = 0x80 | ((cp >> 6) & 0x3F),
    o[3] = 0x80 | (cp & 0x3F), *n += 4;
}

static int
hex4 (const char *s, unsigned *out)
{
  unsigned v = 0;
  for (int i = 0; i < 4; i++)
    {
      char c = s[i];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= c - '0';
      else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
      else return -1;
    }
  *out = v;
  return 0;
}

static char *
parse_string_raw (struct parser *ps, size_t *len_out)
{
  const char *q = ++ps->p;
  size_t cap = 16, n = 0;
  while (*q && *q != '"')
    q += (*q == '\\' && q[1]) ? 2 : 1, cap++;
  char *out = xmalloc (cap * 4 + 8);
  while (*ps->p != '"')
    {
      unsigned char c = *ps->p;
      if (c == '\0')
        return free (out), fail (ps, "unterminated string"), NULL;
      if (c != '\\')
        {
          out[n++] = c;
          ps->p++;
          continue;
        }
      ps->p++;
      switch (*ps->p)
        {
        case '"': out[n++] = '"'; break;
        case '\\': out[n++] = '\\'; break;
        case '/': out[n++] = '/'; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u':
          {
            unsigned cp, lo;
            if (hex4 (ps->p + 1, &cp) < 0)
              return free (out), fail (ps, "bad \\u escape"), NULL;
            ps->p += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && ps->p[1] == '\\' && ps->p[2] == 'u' && hex4 (ps->p + 3, &lo) == 0
                && lo >= 0xDC00 && lo < 0xE000)
              {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                ps->p += 6;
              }
            put_utf8 (&out, &n, cp);
            break;
          }
        default:
          return free (out), fail (ps, "bad escape"), NULL;
        }
      ps->p++;
    }
  ps->p++;
  out[n] = '\0';
  if (len_out)
    *len_out = n;
  return out;
}

static json_value *
new_value (enum json_type t)
{
  json_value *v = xcalloc (1, sizeof (*v));
  v->type = t;
  return v;
}

static json_value *
parse_container (struct parser *ps, int depth, int is_object)
{
  json_value *v = new_value (is_object ? JSON_OBJECT : JSON_ARRAY);
  size_t cap = 0;
  char close = is_object ? '}' : ']';
  ps->p++;
  skip_ws (ps);
  if (*ps->p == close)
    {
      ps->p++;
      return v;
    }
  for (;;)
    {
      char *key = NULL;
      skip_ws (ps);
      if (is_object)
        {
          if (*ps->p != '"' || (key = parse_string_raw (ps, NULL)) == NULL)
            return json_free (v), fail (ps, "expected a key");
          skip_ws (ps);
          if (*ps->p != ':')
            return free (key), json_free (v), fail (ps, "expected `:`");
          ps->p++;
        }
      json_value *item = parse_value (ps, depth + 1);
      if (item == NULL)
        return free (key), json_free (v), NULL;
      if (v->len == cap)
        {
          cap = cap ? cap * 2 : 8;
          v->items = xrealloc (v->items, cap * sizeof (*v->items));
          if (is_object)
            v->keys = xrealloc (v->keys, cap * sizeof (*v->keys));
        }
      if (is_object)
        v->keys[v->len] = key;
      v->items[v->len++] = item;
      skip_ws (ps);
      if (*ps->p == ',')
        {
          ps->p++;
          continue;
        }
      if (*ps->p == close)
        {
          ps->p++;
          return v;
        }
      return json_free (v), fail (ps, "expected `,` or end of container");
    }
}

static json_value *
parse_value (struct parser *ps, int depth)
{
  json_value *v;
  if (depth > 200)
    return fail (ps, "nested too deeply");
  skip_ws (ps);
  switch (*ps->p)
    {
    case '{': return parse_container (ps, depth, 1);
    case '[': return parse_container (ps, depth, 0);
    case '"':
      {
        size_t len;
        char *s = parse_string_raw (ps, &len);
        if (s == NULL)
          return NULL;
        v = new_value (JSON_STRING);
        v->string = s;
        v->len = len;
        return v;
      }
    case 't':
    case 'f':
    case 'n':
      if (strncmp (ps->p, "true", 4) == 0)
        v = new_value (JSON_BOOL), v->boolean = 1, ps->p += 4;
      else if (strncmp (ps->p, "false", 5) == 0)
        v = new_value (JSON_BOOL), ps->p += 5;
      else if (strncmp (ps->p, "null", 4) == 0)
        v = new_value (JSON_NULL), ps->p += 4;
      else
        return fail (ps, "unexpected literal");
      return v;
    default:
      {
        char *end;
        double d = strtod (ps->p, &end);
        if (end == ps->p)
          return fail (ps, "unexpected character");
        v = new_value (JSON_NUMBER);
        v->number = d;
        v->integer = strtoll (ps->p, NULL, 10);
        if (memchr (ps->p, '.', end - ps->p) || memchr (ps->p, 'e', end - ps->p) || memchr (ps->p, 'E', end - ps->p))
          v->integer = (long long) d;
        ps->p = end;
        return v;
      }
    }
}

json_value *
json_parse (const char *text, isomer_error_t *err)
{
  struct parser ps = { text, text, err, 0 };
  json_value *v = parse_value (&ps, 0);
  if (v == NULL)
    return NULL;
  skip_ws (&ps);
  if (*ps.p != '\0')
    {
      json_free (v);
      return fail (&ps, "trailing characters");
    }
  return v;
}

void
json_free (json_value *v)
{
  if (v == NULL)
    return;
  for (size_t i = 0; i < v->len && (v->type == JSON_ARRAY || v->type == JSON_OBJECT); i++)
    {
      json_free (v->items[i]);
      if (v->keys)
        free (v->keys[i]);
    }
  free (v->items);
  free (v->keys);
  free (v->string);
  free (v);
}

json_value *
json_get (const json_value *obj, const char *key)
{
  if (obj == NULL || obj->type != JSON_OBJECT)
    return NULL;
  for (size_t i = 0; i < obj->len; i++)
    if (strcmp (obj->keys[i], key) == 0)
      return obj->items[i];
  return NULL;
}

const char *
json_get_string (const json_value *obj, const char *key)
{
  json_value *v = json_get (obj, key);
  return v && v->type == JSON_STRING ? v->string : NULL;
}

void
json_write_string (FILE *f, const char *s)
{
  fputc ('"', f);
  for (const unsigned char *p = (const unsigned char *) (s ? s : ""); *p; p++)
    {
      if (*p == '"' || *p == '\\')
        fprintf (f, "\\%c", *p);
      else if (*p == '\n')
        fputs ("\\n", f);
      else if (*p == '\t')
        fputs ("\\t", f);
      else if (*p < 0x20)
        fprintf (f, "\\u%04x", *p);
      else
        fputc (*p, f);
    }
  fputc ('"', f);
}
