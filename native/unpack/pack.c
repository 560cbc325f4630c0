/* Directory -> layer tar. Deterministic: entries sorted by name, numeric owners, whole-second
   mtimes; hardlinks within the tree become tar hardlinks; xattrs as SCHILY.xattr.* except the
   overlay.* ones overlayfs keeps for itself: trusted.overlay.* as root, user.overlay.* in a user
   namespace (`userxattr`, rootless builds), whose opaque mark becomes `.wh..wh..opq` the same way. */
#define _GNU_SOURCE
#include "pack.h"
#include "utils.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

typedef struct
{
  dev_t dev;
  ino_t ino;
  char *path;
} link_t;

typedef struct
{
  int out;
  link_t *links;
  size_t n_links, cap_links;
  char buf[1 << 16];
} pack_t;

static int
write_all (int fd, const void *data, size_t n, isomer_error_t *err)
{
  if (safe_write (fd, data, n) < 0)
    return isomer_make_error (err, errno, "write the layer tar");
  return 0;
}

/* Octal into a field of `width` (the caller puts values too big for it into PAX records). */
static void
octal (char *f, size_t width, unsigned long long v)
{
  char tmp[32];
  unsigned long long max = (1ULL << (3 * (width - 1))) - 1;
  snprintf (tmp, sizeof tmp, "%0*llo", (int) width - 1, v > max ? max : v);
  memcpy (f, tmp, width);
}

/* Append one PAX record to `pax` (growing it). */
static int
pax_add (char **pax, size_t *len, const char *key, const char *val, size_t vlen)
{
  size_t body = strlen (key) + vlen + 3; /* ' ' '=' '\n' */
  size_t total = body + 1;
  char num[32];
  while ((size_t) snprintf (num, sizeof num, "%zu", total) + body != total)
    total = strlen (num) + body;
  char *p = realloc (*pax, *len + total);
  if (p == NULL)
    return -1;
  int n = sprintf (p + *len, "%zu %s=", total, key);
  memcpy (p + *len + n, val, vlen);
  p[*len + total - 1] = '\n';
  *pax = p;
  *len += total;
  return 0;
}

static int
header (pack_t *pk, const char *name, char type, const struct stat *st, uint64_t size, const char *link, isomer_error_t *err)
{
  char h[512];
  memset (h, 0, sizeof h);
  snprintf (h, 100, "%s", name);
  octal (h + 100, 8, st->st_mode & 07777);
  octal (h + 108, 8, st->st_uid);
  octal (h + 116, 8, st->st_gid);
  octal (h + 124, 12, size);
  octal (h + 136, 12, st->st_mtim.tv_sec < 0 ? 0 : st->st_mtim.tv_sec);
  h[156] = type;
  if (link)
    strncpy (h + 157, link, 100);
  memcpy (h + 257, "ustar\0" "00", 8);
  if (type == '3' || type == '4')
    {
      octal (h + 329, 8, major (st->st_rdev));
      octal (h + 337, 8, minor (st->st_rdev));
    }
  memset (h + 148, ' ', 8);
  unsigned sum = 0;
  for (int i = 0; i < 512; i++)
    sum += (unsigned char) h[i];
  snprintf (h + 148, 8, "%06o", sum);
  h[155] = ' ';
  return write_all (pk->out, h, 512, err);
}

static int
padding (pack_t *pk, uint64_t size, isomer_error_t *err)
{
  static const char zeros[512];
  size_t n = (512 - size % 512) % 512;
  return n ? write_all (pk->out, zeros, n, err) : 0;
}

/* Emit one entry: PAX header when needed, then the ustar header and data. */
static int
emit (pack_t *pk, int dirfd, const char *base, const char *name, const struct stat *st, char type, const char *link, int with_xattrs, isomer_error_t *err)
{
  char *pax = NULL;
  size_t plen = 0;
  int ret = -1;
  if (strlen (name) >= 100 && pax_add (&pax, &plen, "path", name, strlen (name)) < 0)
    goto out;
  if (link && strlen (link) >= 100 && pax_add (&pax, &plen, "linkpath", link, strlen (link)) < 0)
    goto out;
  char num[32];
  if (st->st_uid > 07777777 && (snprintf (num, sizeof num, "%u", st->st_uid), pax_add (&pax, &plen, "uid", num, strlen (num)) < 0))
    goto out;
  if (st->st_gid > 07777777 && (snprintf (num, sizeof num, "%u", st->st_gid), pax_add (&pax, &plen, "gid", num, strlen (num)) < 0))
    goto out;
  if (type == '0' && (uint64_t) st->st_size > 077777777777ULL
      && (snprintf (num, sizeof num, "%llu", (unsigned long long) st->st_size), pax_add (&pax, &plen, "size", num, strlen (num)) < 0))
    goto out;
  if (with_xattrs)
    {
      char path[64 + 4096], names[8192];
      snprintf (path, sizeof path, "/proc/self/fd/%d/%s", dirfd, base);
      ssize_t n = llistxattr (path, names, sizeof names);
      for (ssize_t off = 0; n > 0 && off < n; off += strlen (names + off) + 1)
        {
          const char *xn = names + off;
          if (strncmp (xn, "trusted.overlay.", 16) == 0 || strncmp (xn, "user.overlay.", 13) == 0)
            continue;
          char val[65536], key[300];
          ssize_t vl = lgetxattr (path, xn, val, sizeof val);
          if (vl < 0)
            continue;
          snprintf (key, sizeof key, "SCHILY.xattr.%s", xn);
          if (pax_add (&pax, &plen, key, val, vl) < 0)
            goto out;
        }
    }
  if (pax)
    {
      struct stat pst = *st;
      pst.st_mode = 0644;
      char pname[100];
      snprintf (pname, sizeof pname, "PaxHeaders/%.80s", base);
      if (header (pk, pname, 'x', &pst, plen, NULL, err) < 0 || write_all (pk->out, pax, plen, err) < 0 || padding (pk, plen, err) < 0)
        goto out;
    }
  uint64_t size = type == '0' ? (uint64_t) st->st_size : 0;
  if (header (pk, name, type, st, size, link, err) < 0)
    goto out;
  if (type == '0' && size > 0)
    {
      int fd = openat (dirfd, base, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0)
        {
          isomer_make_error (err, errno, "open `%s`", name);
          goto out;
        }
      uint64_t left = size;
      while (left > 0)
        {
          ssize_t r = read (fd, pk->buf, left < sizeof pk->buf ? left : sizeof pk->buf);
          if (r <= 0)
            {
              close (fd);
              isomer_make_error (err, r < 0 ? errno : 0, "read `%s` (it changed while packing)", name);
              goto out;
            }
          if (write_all (pk->out, pk->buf, r, err) < 0)
            {
              close (fd);
              goto out;
            }
          left -= r;
        }
      close (fd);
      if (padding (pk, size, err) < 0)
        goto out;
    }
  ret = 0;
out:
  free (pax);
  return ret;
}

static int
walk (pack_t *pk, int dirfd, const char *prefix, isomer_error_t *err)
{
  struct dirent **list;
  int n = scandirat (dirfd, ".", &list, NULL, alphasort);
  if (n < 0)
    return isomer_make_error (err, errno, "list `%s`", prefix[0] ? prefix : ".");
  int ret = 0;
  for (int i = 0; i < n && ret == 0; i++)
    {
      const char *base = list[i]->d_name;
      if (strcmp (base, ".") == 0 || strcmp (base, "..") == 0)
        continue;
      char *name;
      if (asprintf (&name, "%s%s", prefix, base) < 0)
        return isomer_make_error (err, ENOMEM, "name");
      struct stat st;
      if (fstatat (dirfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0)
        ret = isomer_make_error (err, errno, "stat `%s`", name);
      else if (S_ISCHR (st.st_mode) && st.st_rdev == makedev (0, 0))
        {
          char *wh;
          if (asprintf (&wh, "%s.wh.%s", prefix, base) < 0)
            ret = isomer_make_error (err, ENOMEM, "name");
          else
            {
              struct stat z = st;
              z.st_mode = S_IFREG | 0;
              z.st_uid = z.st_gid = 0;
              z.st_size = 0;
              ret = emit (pk, dirfd, base, wh, &z, '0', NULL, 0, err);
              free (wh);
            }
        }
      else if (S_ISDIR (st.st_mode))
        {
          char *dname;
          if (asprintf (&dname, "%s/", name) < 0)
            ret = isomer_make_error (err, ENOMEM, "name");
          else if ((ret = emit (pk, dirfd, base, dname, &st, '5', NULL, 1, err)) == 0)
            {
              char opq[8];
              char path[64 + 4096];
              snprintf (path, sizeof path, "/proc/self/fd/%d/%s", dirfd, base);
              ssize_t ol = lgetxattr (path, "trusted.overlay.opaque", opq, sizeof opq);
              if (ol < 0)
                ol = lgetxattr (path, "user.overlay.opaque", opq, sizeof opq);
              if (ol == 1 && opq[0] == 'y')
                {
                  char *o;
                  struct stat z = st;
                  z.st_mode = S_IFREG | 0;
                  z.st_uid = z.st_gid = 0;
                  z.st_size = 0;
                  if (asprintf (&o, "%s.wh..wh..opq", dname) < 0)
                    ret = isomer_make_error (err, ENOMEM, "name");
                  else
                    ret = emit (pk, dirfd, base, o, &z, '0', NULL, 0, err), free (o);
                }
              int sub = ret == 0 ? openat (dirfd, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
              if (ret == 0 && sub < 0)
                ret = isomer_make_error (err, errno, "open `%s`", name);
              if (ret == 0)
                ret = walk (pk, sub, dname, err), close (sub);
            }
          free (dname);
        }
      else
        {
          const char *link = NULL;
          char target[4096];
          char type = '0';
          if (S_ISLNK (st.st_mode))
            {
              ssize_t l = readlinkat (dirfd, base, target, sizeof target - 1);
              if (l < 0)
                ret = isomer_make_error (err, errno, "readlink `%s`", name);
              target[l < 0 ? 0 : l] = 0;
              link = target, type = '2';
            }
          else if (S_ISCHR (st.st_mode))
            type = '3';
          else if (S_ISBLK (st.st_mode))
            type = '4';
          else if (S_ISFIFO (st.st_mode))
            type = '6';
          else if (S_ISSOCK (st.st_mode))
            type = 0; /* sockets are not archived */
          if (type == '0' && st.st_nlink > 1)
            {
              for (size_t k = 0; k < pk->n_links; k++)
                if (pk->links[k].dev == st.st_dev && pk->links[k].ino == st.st_ino)
                  link = pk->links[k].path, type = '1';
              if (type == '0')
                {
                  if (pk->n_links == pk->cap_links)
                    {
                      pk->cap_links = pk->cap_links ? 2 * pk->cap_links : 64;
                      pk->links = realloc (pk->links, pk->cap_links * sizeof *pk->links);
                    }
                  pk->links[pk->n_links++] = (link_t) { st.st_dev, st.st_ino, strdup (name) };
                }
            }
          if (ret == 0 && type)
            ret = emit (pk, dirfd, base, name, &st, type, link, type != '1', err);
        }
      free (name);
    }
  for (int i = 0; i < n; i++)
    free (list[i]);
  free (list);
  return ret;
}

int
pack_dir (const char *dir, int out, isomer_error_t *err)
{
  static pack_t pk;
  pk.out = out;
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return isomer_make_error (err, errno, "open `%s`", dir);
  int ret = walk (&pk, fd, "", err);
  close (fd);
  static const char end[1024];
  if (ret == 0)
    ret = write_all (out, end, sizeof end, err);
  return ret;
}
