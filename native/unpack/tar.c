/* Streaming tar reader: ustar + GNU 'L'/'K' long names + PAX 'x' records. */
#define _GNU_SOURCE
#include "tar.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK 512
#define BUFSIZE (1 << 20)

int
tar_reader_init (tar_reader_t *r, int fd, isomer_error_t *err)
{
  memset (r, 0, sizeof *r);
  r->fd = fd;
  r->cap = BUFSIZE;
  r->buf = malloc (r->cap);
  if (r->buf == NULL)
    return isomer_make_error (err, errno, "allocate the read buffer");
  return 0;
}

/* Make at least `want` bytes (<= cap) available in the buffer unless the input ends first. */
static int
fill (tar_reader_t *r, size_t want, isomer_error_t *err)
{
  if (r->end - r->start >= want)
    return 0;
  if (r->start > 0)
    {
      memmove (r->buf, r->buf + r->start, r->end - r->start);
      r->end -= r->start;
      r->start = 0;
    }
  while (r->end < want && !r->eof)
    {
      ssize_t n = read (r->fd, r->buf + r->end, r->cap - r->end);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return isomer_make_error (err, errno, "read the layer stream");
      if (n == 0)
        r->eof = 1;
      r->end += n;
      r->total_in += n;
    }
  return 0;
}

/* Skip `n` bytes of input. */
static int
skip (tar_reader_t *r, uint64_t n, isomer_error_t *err)
{
  while (n > 0)
    {
      if (r->end == r->start && fill (r, 1, err) < 0)
        return -1;
      size_t avail = r->end - r->start;
      if (avail == 0)
        return isomer_make_error (err, 0, "the layer stream ends in the middle of an entry");
      size_t k = avail < n ? avail : n;
      r->start += k;
      n -= k;
    }
  return 0;
}

ssize_t
tar_data (tar_reader_t *r, const unsigned char **data, size_t max, isomer_error_t *err)
{
  if (r->remaining == 0)
    return 0;
  if (r->end == r->start && fill (r, 1, err) < 0)
    return -1;
  size_t avail = r->end - r->start;
  if (avail == 0)
    return isomer_make_error (err, 0, "the layer stream ends in the middle of an entry");
  size_t k = avail;
  if (k > max)
    k = max;
  if (k > r->remaining)
    k = r->remaining;
  *data = r->buf + r->start;
  r->start += k;
  r->remaining -= k;
  return k;
}

/* Read the whole data of the current entry into a new NUL-terminated buffer (for 'x', 'L', 'K'). */
static int
slurp (tar_reader_t *r, char **out, size_t *len, isomer_error_t *err)
{
  if (r->remaining > (64u << 20))
    return isomer_make_error (err, 0, "an extended header of %llu bytes is too large", (unsigned long long) r->remaining);
  size_t n = r->remaining, off = 0;
  char *b = malloc (n + 1);
  if (b == NULL)
    return isomer_make_error (err, errno, "allocate an extended header");
  while (r->remaining)
    {
      const unsigned char *d;
      ssize_t k = tar_data (r, &d, r->remaining, err);
      if (k < 0)
        {
          free (b);
          return -1;
        }
      memcpy (b + off, d, k);
      off += k;
    }
  b[n] = 0;
  *out = b;
  *len = n;
  return skip (r, r->padding, err);
}

/* Parse an octal or base-256 numeric header field. */
static uint64_t
number (const unsigned char *f, size_t n)
{
  uint64_t v = 0;
  if (f[0] & 0x80)
    {
      v = f[0] & 0x3f;
      for (size_t i = 1; i < n; i++)
        v = (v << 8) | f[i];
      return v;
    }
  size_t i = 0;
  while (i < n && (f[i] == ' ' || f[i] == 0))
    i++;
  for (; i < n && f[i] >= '0' && f[i] <= '7'; i++)
    v = v * 8 + (f[i] - '0');
  return v;
}

static char *
field (const unsigned char *f, size_t n)
{
  return strndup ((const char *) f, n);
}

void
tar_entry_free (tar_entry_t *e)
{
  free (e->path);
  free (e->linkpath);
  for (size_t i = 0; i < e->n_xattrs; i++)
    {
      free (e->xattrs[i].name);
      free (e->xattrs[i].value);
    }
  free (e->xattrs);
  memset (e, 0, sizeof *e);
}

/* Pending extensions that apply to the next real header. */
typedef struct
{
  char *path, *linkpath;
  int has_size, has_uid, has_gid, has_mtime;
  uint64_t size, uid, gid;
  struct timespec mtime;
} pending_t;

static void
parse_time (const char *s, size_t n, struct timespec *ts)
{
  char tmp[64];
  if (n >= sizeof tmp)
    n = sizeof tmp - 1;
  memcpy (tmp, s, n);
  tmp[n] = 0;
  char *dot;
  ts->tv_sec = strtoll (tmp, &dot, 10);
  ts->tv_nsec = 0;
  if (*dot == '.')
    {
      long ns = 0;
      int digits = 0;
      for (char *p = dot + 1; *p >= '0' && *p <= '9' && digits < 9; p++, digits++)
        ns = ns * 10 + (*p - '0');
      while (digits++ < 9)
        ns *= 10;
      ts->tv_nsec = ts->tv_sec < 0 ? 0 : ns;
    }
}

/* Apply PAX records "LEN key=value\n" to `p` and `e` (xattrs). */
static int
parse_pax (char *b, size_t len, pending_t *p, tar_entry_t *e, isomer_error_t *err)
{
  size_t off = 0;
  while (off < len)
    {
      char *end;
      unsigned long rl = strtoul (b + off, &end, 10);
      if (*end != ' ' || rl == 0 || off + rl > len || b[off + rl - 1] != '\n')
        return isomer_make_error (err, 0, "a PAX header record is malformed");
      char *key = end + 1;
      char *eq = memchr (key, '=', b + off + rl - key);
      if (eq == NULL)
        return isomer_make_error (err, 0, "a PAX header record has no `=`");
      char *val = eq + 1;
      size_t vlen = b + off + rl - 1 - val;
      *eq = 0;
      if (strcmp (key, "path") == 0)
        (free (p->path), p->path = strndup (val, vlen));
      else if (strcmp (key, "linkpath") == 0)
        (free (p->linkpath), p->linkpath = strndup (val, vlen));
      else if (strcmp (key, "size") == 0)
        (p->has_size = 1, p->size = strtoull (val, NULL, 10));
      else if (strcmp (key, "uid") == 0)
        (p->has_uid = 1, p->uid = strtoull (val, NULL, 10));
      else if (strcmp (key, "gid") == 0)
        (p->has_gid = 1, p->gid = strtoull (val, NULL, 10));
      else if (strcmp (key, "mtime") == 0)
        (p->has_mtime = 1, parse_time (val, vlen, &p->mtime));
      else if (strncmp (key, "SCHILY.xattr.", 13) == 0)
        {
          tar_xattr_t *x = realloc (e->xattrs, (e->n_xattrs + 1) * sizeof *x);
          if (x == NULL)
            return isomer_make_error (err, errno, "allocate xattrs");
          e->xattrs = x;
          x[e->n_xattrs].name = strdup (key + 13);
          x[e->n_xattrs].value = malloc (vlen ? vlen : 1);
          memcpy (x[e->n_xattrs].value, val, vlen);
          x[e->n_xattrs].len = vlen;
          e->n_xattrs++;
        }
      else if (strncmp (key, "GNU.sparse.", 11) == 0)
        return isomer_make_error (err, 0, "sparse files (PAX `%s`) are not supported", key);
      off += rl;
    }
  return 0;
}

int
tar_next (tar_reader_t *r, tar_entry_t *e, isomer_error_t *err)
{
  pending_t p = { 0 };
  tar_entry_free (e);
  if (skip (r, r->remaining + r->padding, err) < 0)
    return -1;
  r->remaining = r->padding = 0;
  for (;;)
    {
      if (fill (r, BLOCK, err) < 0)
        goto fail;
      if (r->end - r->start == 0)
        {
          free (p.path), free (p.linkpath);
          return 0; /* no end-of-archive blocks: accept, as docker does */
        }
      if (r->end - r->start < BLOCK)
        {
          isomer_make_error (err, 0, "the layer stream ends inside a tar header");
          goto fail;
        }
      const unsigned char *h = r->buf + r->start;
      r->start += BLOCK;
      int zero = 1;
      unsigned sum = 0;
      for (int i = 0; i < BLOCK; i++)
        {
          if (h[i])
            zero = 0;
          sum += (i >= 148 && i < 156) ? ' ' : h[i];
        }
      if (zero)
        {
          free (p.path), free (p.linkpath);
          return 0;
        }
      if (sum != number (h + 148, 8))
        {
          isomer_make_error (err, 0, "a tar header has a bad checksum (not a tar stream, or corrupted)");
          goto fail;
        }
      char type = h[156];
      uint64_t size = number (h + 124, 12);
      r->remaining = size;
      r->padding = (BLOCK - size % BLOCK) % BLOCK;
      if (type == 'x' || type == 'g' || type == 'L' || type == 'K')
        {
          char *b = NULL;
          size_t len = 0;
          if (slurp (r, &b, &len, err) < 0)
            goto fail;
          int ret = 0;
          if (type == 'x')
            ret = parse_pax (b, len, &p, e, err);
          else if (type == 'L')
            (free (p.path), p.path = strndup (b, len));
          else if (type == 'K')
            (free (p.linkpath), p.linkpath = strndup (b, len));
          free (b);
          r->remaining = r->padding = 0;
          if (ret < 0)
            goto fail;
          continue;
        }
      if (p.path)
        e->path = p.path, p.path = NULL;
      else if (memcmp (h + 257, "ustar\0", 6) == 0 && h[345])
        {
          char *pre = field (h + 345, 155), *nm = field (h + 0, 100);
          if (asprintf (&e->path, "%s/%s", pre, nm) < 0)
            e->path = NULL;
          free (pre), free (nm);
        }
      else
        e->path = field (h + 0, 100);
      e->linkpath = p.linkpath ? p.linkpath : field (h + 157, 100);
      p.linkpath = NULL;
      e->type = type == 0 || type == '7' ? '0' : type;
      e->mode = number (h + 100, 8) & 07777;
      e->uid = p.has_uid ? p.uid : number (h + 108, 8);
      e->gid = p.has_gid ? p.gid : number (h + 116, 8);
      if (p.has_size)
        {
          size = p.size;
          r->remaining = size;
          r->padding = (BLOCK - size % BLOCK) % BLOCK;
        }
      e->size = size;
      if (p.has_mtime)
        e->mtime = p.mtime;
      else
        e->mtime.tv_sec = number (h + 136, 12), e->mtime.tv_nsec = 0;
      e->devmajor = number (h + 329, 8);
      e->devminor = number (h + 337, 8);
      if (e->path == NULL || e->linkpath == NULL)
        {
          isomer_make_error (err, ENOMEM, "allocate an entry");
          goto fail;
        }
      if (e->type >= '1' && e->type <= '6')
        {
          /* header-only types carry no data, whatever the size field says (as Go's archive/tar) */
          r->remaining = r->padding = 0;
          e->size = 0;
        }
      return 1;
    }
fail:
  free (p.path), free (p.linkpath);
  return -1;
}
