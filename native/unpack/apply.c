/* Layer entries -> files. Every path is resolved with openat2(RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS)
   below the layer directory, so `../`, absolute paths and symlinks planted earlier in the layer
   cannot redirect a write outside it. */
#define _GNU_SOURCE
#include "apply.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

static int
openat2_beneath (int dirfd, const char *path, int flags)
{
  struct open_how how = { .flags = flags | O_CLOEXEC,
                          .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS };
  return syscall (SYS_openat2, dirfd, path, &how, sizeof how);
}

/* Normalize an entry path in place: drop "./", empty and "." components; refuse absolute paths
   and "..". An empty result means the layer root itself. */
static int
normalize (const char *entry, char *path, isomer_error_t *err)
{
  if (entry[0] == '/')
    return isomer_make_error (err, 0, "entry `%s` has an absolute path", entry);
  char *out = path;
  const char *p = entry;
  while (*p)
    {
      const char *slash = strchr (p, '/');
      size_t n = slash ? (size_t) (slash - p) : strlen (p);
      if (n == 2 && p[0] == '.' && p[1] == '.')
        return isomer_make_error (err, 0, "entry `%s` escapes the layer directory (`..`)", entry);
      if (n > 0 && !(n == 1 && p[0] == '.'))
        {
          if (out != path)
            *out++ = '/';
          memcpy (out, p, n);
          out += n;
        }
      p += n;
      if (*p == '/')
        p++;
    }
  *out = 0;
  return 0;
}

static void
drop_cache (apply_ctx_t *ctx)
{
  if (ctx->cached_fd >= 0)
    close (ctx->cached_fd);
  ctx->cached_fd = -1;
  free (ctx->cached_parent);
  ctx->cached_parent = NULL;
}

/* Open the directory `dir` (relative, normalized) below the root, creating missing components
   as root-owned 0755 directories when `create`. Returns a borrowed fd (the cache's). */
static int
open_parent (apply_ctx_t *ctx, const char *entry, const char *dir, int create, isomer_error_t *err)
{
  if (dir[0] == 0)
    return ctx->rootfd;
  if (ctx->cached_parent && strcmp (ctx->cached_parent, dir) == 0)
    return ctx->cached_fd;
  int fd = openat2_beneath (ctx->rootfd, dir, O_RDONLY | O_DIRECTORY);
  if (fd < 0 && errno == ENOENT && create)
    {
      /* walk one component at a time: mkdirat never traverses a name we did not just check */
      char *walk = strdup (dir), *save = NULL;
      fd = dup (ctx->rootfd);
      for (char *c = strtok_r (walk, "/", &save); c && fd >= 0; c = strtok_r (NULL, "/", &save))
        {
          if (mkdirat (fd, c, 0755) < 0 && errno != EEXIST)
            {
              int e = errno;
              close (fd);
              fd = -1;
              errno = e;
              break;
            }
          int next = openat (fd, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
          int e = errno;
          close (fd);
          fd = next;
          errno = e;
        }
      free (walk);
    }
  if (fd < 0)
    {
      if (errno == ELOOP || errno == EXDEV)
        return isomer_make_error (err, 0, "entry `%s` would be written through a symlink (`%s`)", entry, dir);
      if (errno == ENOTDIR)
        return isomer_make_error (err, 0, "entry `%s`: a parent in `%s` is not a directory", entry, dir);
      return isomer_make_error (err, errno, "entry `%s`: open its directory `%s`", entry, dir);
    }
  drop_cache (ctx);
  ctx->cached_fd = fd;
  ctx->cached_parent = strdup (dir);
  return fd;
}

/* Remove `name` in `dirfd`, recursively if it is a directory. */
static int
remove_at (int dirfd, const char *name)
{
  if (unlinkat (dirfd, name, 0) == 0 || errno == ENOENT)
    return 0;
  if (errno != EISDIR)
    return -1;
  int fd = openat (dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return -1;
  DIR *d = fdopendir (fd);
  if (d == NULL)
    return close (fd), -1;
  struct dirent *de;
  while ((de = readdir (d)))
    {
      if (strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0)
        continue;
      if (remove_at (fd, de->d_name) < 0)
        return closedir (d), -1;
    }
  closedir (d);
  return unlinkat (dirfd, name, AT_REMOVEDIR);
}

/* Make room for `name` (an earlier entry of this layer with that name goes away). */
static int
replace (apply_ctx_t *ctx, int dirfd, const char *entry, const char *name, isomer_error_t *err)
{
  /* removing may invalidate the cached parent (if it lay below `name`): keep dirfd alive */
  if (dirfd == ctx->cached_fd)
    {
      ctx->cached_fd = -1;
      free (ctx->cached_parent);
      ctx->cached_parent = NULL;
      int r = remove_at (dirfd, name);
      int e = errno;
      close (dirfd);
      errno = e;
      if (r < 0)
        return isomer_make_error (err, errno, "entry `%s`: replace the earlier `%s`", entry, name);
      return 1; /* caller must reopen */
    }
  drop_cache (ctx);
  if (remove_at (dirfd, name) < 0)
    return isomer_make_error (err, errno, "entry `%s`: replace the earlier `%s`", entry, name);
  return 0;
}

/* Set by apply_init from ctx->userxattr: in a user namespace trusted.* cannot be written (it needs
   CAP_SYS_ADMIN of the host), and overlayfs there reads user.overlay.* instead. */
static int userxattr_mode;

static int
skipped_xattr (const char *name)
{
  return userxattr_mode && strncmp (name, "trusted.", 8) == 0;
}

static int
set_xattrs_fd (int fd, tar_entry_t *e, isomer_error_t *err)
{
  for (size_t i = 0; i < e->n_xattrs; i++)
    if (!skipped_xattr (e->xattrs[i].name) && fsetxattr (fd, e->xattrs[i].name, e->xattrs[i].value, e->xattrs[i].len, 0) < 0)
      return isomer_make_error (err, errno, "entry `%s`: set xattr `%s`", e->path, e->xattrs[i].name);
  return 0;
}

static int
set_xattrs_at (int dirfd, const char *name, tar_entry_t *e, isomer_error_t *err)
{
  char p[64 + 4096];
  if (e->n_xattrs == 0)
    return 0;
  snprintf (p, sizeof p, "/proc/self/fd/%d/%s", dirfd, name);
  for (size_t i = 0; i < e->n_xattrs; i++)
    if (!skipped_xattr (e->xattrs[i].name) && lsetxattr (p, e->xattrs[i].name, e->xattrs[i].value, e->xattrs[i].len, 0) < 0)
      return isomer_make_error (err, errno, "entry `%s`: set xattr `%s`", e->path, e->xattrs[i].name);
  return 0;
}

static int
write_file (apply_ctx_t *ctx, int dirfd, const char *name, tar_entry_t *e, tar_reader_t *r, isomer_error_t *err)
{
  int fd = openat (dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return fd;
  for (;;)
    {
      const unsigned char *d;
      ssize_t n = tar_data (r, &d, 1 << 20, err);
      if (n < 0)
        return close (fd), -2;
      if (n == 0)
        break;
      while (n > 0)
        {
          ssize_t w = write (fd, d, n);
          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            return isomer_make_error (err, errno, "entry `%s`: write", e->path), close (fd), -2;
          d += w, n -= w;
        }
    }
  struct timespec t[2] = { e->mtime, e->mtime };
  if (fchown (fd, e->uid, e->gid) < 0 || fchmod (fd, e->mode) < 0)
    return isomer_make_error (err, errno, "entry `%s`: set owner and mode", e->path), close (fd), -2;
  if (set_xattrs_fd (fd, e, err) < 0)
    return close (fd), -2;
  if (futimens (fd, t) < 0)
    return isomer_make_error (err, errno, "entry `%s`: set times", e->path), close (fd), -2;
  ctx->files++;
  ctx->bytes += e->size;
  close (fd);
  return 0;
}

static int
remember_dir (apply_ctx_t *ctx, const char *path, struct timespec mtime)
{
  if (ctx->n_dirs == ctx->cap_dirs)
    {
      ctx->cap_dirs = ctx->cap_dirs ? ctx->cap_dirs * 2 : 256;
      ctx->dirs = realloc (ctx->dirs, ctx->cap_dirs * sizeof *ctx->dirs);
      if (ctx->dirs == NULL)
        return -1;
    }
  ctx->dirs[ctx->n_dirs].path = strdup (path);
  ctx->dirs[ctx->n_dirs++].mtime = mtime;
  return 0;
}

static int
make_dir (apply_ctx_t *ctx, int dirfd, const char *path, const char *name, tar_entry_t *e, isomer_error_t *err)
{
  int fd;
  if (name[0] == 0)
    fd = dup (ctx->rootfd);
  else
    {
      if (mkdirat (dirfd, name, 0700) < 0 && errno != EEXIST)
        return isomer_make_error (err, errno, "entry `%s`: mkdir", e->path);
      fd = openat (dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0 && (errno == ENOTDIR || errno == ELOOP))
        return 1; /* an earlier non-directory: replace it */
    }
  if (fd < 0)
    return isomer_make_error (err, errno, "entry `%s`: open", e->path);
  int ret = 0;
  if (fchown (fd, e->uid, e->gid) < 0 || fchmod (fd, e->mode) < 0)
    ret = isomer_make_error (err, errno, "entry `%s`: set owner and mode", e->path);
  else if (set_xattrs_fd (fd, e, err) < 0)
    ret = -1;
  else if (remember_dir (ctx, path, e->mtime) < 0)
    ret = isomer_make_error (err, ENOMEM, "remember directory times");
  close (fd);
  return ret;
}

int
apply_add_lower (apply_ctx_t *ctx, const char *dir, isomer_error_t *err)
{
  if (ctx->n_lowers == sizeof ctx->lowerfds / sizeof ctx->lowerfds[0])
    return isomer_make_error (err, 0, "too many lower layers");
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return isomer_make_error (err, errno, "open the lower layer `%s`", dir);
  ctx->lowerfds[ctx->n_lowers++] = fd;
  return 0;
}

/* A hardlink whose target is not in this layer: copy the target up from the topmost lower
   layer that has it (as overlayfs would), so that the link has something to point at. Returns
   0 when copied, -1 when no lower layer has it (a whiteout above ends the search). */
static int
copy_up (apply_ctx_t *ctx, const char *entry, const char *target, isomer_error_t *err)
{
  for (size_t i = 0; i < ctx->n_lowers; i++)
    {
      int src = openat2_beneath (ctx->lowerfds[i], target, O_RDONLY | O_NOFOLLOW);
      if (src < 0)
        {
          if (errno == ENOENT)
            continue;
          return -1;
        }
      struct stat st;
      if (fstat (src, &st) < 0 || !S_ISREG (st.st_mode))
        return close (src), -1; /* a whiteout (char 0/0) or not a file: nothing to link to */
      char *dir = strdup (target), *slash = strrchr (dir, '/');
      const char *base = slash ? slash + 1 : dir;
      if (slash)
        *slash = 0;
      int dfd = open_parent (ctx, entry, slash ? dir : "", 1, err);
      int out = dfd < 0 ? -1 : openat (dfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
      free (dir);
      if (out < 0)
        return close (src), isomer_make_error (err, errno, "entry `%s`: copy up `%s` from a lower layer", entry, target);
      char buf[65536];
      ssize_t n;
      while ((n = read (src, buf, sizeof buf)) > 0)
        if (write (out, buf, n) != n)
          break;
      char names[8192], val[65536];
      ssize_t ln = flistxattr (src, names, sizeof names);
      for (ssize_t off = 0; ln > 0 && off < ln; off += strlen (names + off) + 1)
        {
          ssize_t vl = fgetxattr (src, names + off, val, sizeof val);
          if (vl >= 0)
            fsetxattr (out, names + off, val, vl, 0);
        }
      int ok = n == 0 && fchown (out, st.st_uid, st.st_gid) == 0 && fchmod (out, st.st_mode & 07777) == 0;
      struct timespec t[2] = { st.st_atim, st.st_mtim };
      ok = ok && futimens (out, t) == 0;
      close (src);
      close (out);
      if (!ok)
        return isomer_make_error (err, errno, "entry `%s`: copy up `%s` from a lower layer", entry, target);
      return 0;
    }
  return -1;
}

/* Create a non-directory, non-file node; returns 0, -1 with errno for EEXIST, or -2 with err. */
static int
make_node (apply_ctx_t *ctx, int dirfd, const char *name, tar_entry_t *e, isomer_error_t *err)
{
  int ret;
  if (e->type == '2')
    ret = symlinkat (e->linkpath, dirfd, name);
  else if (e->type == '1')
    {
      char *target = malloc (strlen (e->linkpath) + 1);
      if (normalize (e->linkpath, target, err) < 0)
        return free (target), -2;
      if (target[0] == 0)
        return free (target), isomer_make_error (err, 0, "entry `%s` is a hardlink to the layer root", e->path), -2;
      char *slash = strrchr (target, '/');
      const char *tbase = slash ? slash + 1 : target;
      int tfd = ctx->rootfd;
      if (slash)
        {
          *slash = 0;
          tfd = openat2_beneath (ctx->rootfd, target, O_PATH | O_DIRECTORY);
          if (tfd < 0 && !(errno == ENOENT && ctx->n_lowers > 0))
            {
              isomer_make_error (err, errno, "entry `%s`: hardlink target `%s`", e->path, e->linkpath);
              return free (target), -2;
            }
        }
      int own = dup (dirfd); /* copy_up may replace the cached directory fd `dirfd` borrows */
      ret = linkat (tfd, tbase, own, name, 0);
      if (ret < 0 && (errno == ENOENT || (tfd < 0 && errno == EBADF)) && ctx->n_lowers > 0)
        {
          if (slash)
            *slash = '/';
          if (copy_up (ctx, e->path, target, err) == 0)
            {
              if (slash)
                {
                  *slash = 0;
                  if (tfd >= 0 && tfd != ctx->rootfd)
                    close (tfd);
                  tfd = openat2_beneath (ctx->rootfd, target, O_PATH | O_DIRECTORY);
                }
              ret = linkat (tfd, tbase, own, name, 0);
            }
          else
            errno = ENOENT;
        }
      int saved = errno;
      close (own);
      if (ret < 0 && errno != EEXIST)
        isomer_make_error (err, errno, "entry `%s`: hardlink to `%s`", e->path, e->linkpath);
      if (tfd >= 0 && tfd != ctx->rootfd)
        close (tfd);
      free (target);
      errno = saved;
      if (ret < 0)
        return errno == EEXIST ? -1 : -2;
      return 0;
    }
  else if (ctx->userxattr && (e->type == '3' || e->type == '4'))
    {
      /* an ordinary user's namespace may not make device nodes; the runtime binds the usual ones */
      ctx->skipped_devices++;
      return 0;
    }
  else
    {
      mode_t kind = e->type == '3' ? S_IFCHR : e->type == '4' ? S_IFBLK : S_IFIFO;
      ret = mknodat (dirfd, name, kind | e->mode, makedev (e->devmajor, e->devminor));
    }
  if (ret < 0)
    {
      if (errno == EEXIST)
        return -1;
      return isomer_make_error (err, errno, "entry `%s`: create", e->path), -2;
    }
  if (fchownat (dirfd, name, e->uid, e->gid, AT_SYMLINK_NOFOLLOW) < 0)
    return isomer_make_error (err, errno, "entry `%s`: set owner", e->path), -2;
  if (e->type != '2' && fchmodat (dirfd, name, e->mode, 0) < 0)
    return isomer_make_error (err, errno, "entry `%s`: set mode", e->path), -2;
  if (set_xattrs_at (dirfd, name, e, err) < 0)
    return -2;
  struct timespec t[2] = { e->mtime, e->mtime };
  if (utimensat (dirfd, name, t, AT_SYMLINK_NOFOLLOW) < 0)
    return isomer_make_error (err, errno, "entry `%s`: set times", e->path), -2;
  return 0;
}

int
apply_init (apply_ctx_t *ctx, const char *dest, int userxattr, isomer_error_t *err)
{
  memset (ctx, 0, sizeof *ctx);
  ctx->userxattr = userxattr_mode = userxattr;
  ctx->cached_fd = -1;
  if (mkdir (dest, 0755) < 0 && errno != EEXIST)
    return isomer_make_error (err, errno, "create `%s`", dest);
  ctx->rootfd = open (dest, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (ctx->rootfd < 0)
    return isomer_make_error (err, errno, "open `%s`", dest);
  return 0;
}

int
apply_entry (apply_ctx_t *ctx, tar_entry_t *e, tar_reader_t *r, isomer_error_t *err)
{
  size_t len = strlen (e->path);
  char *path = malloc (len + 1);
  int ret = -1;
  if (normalize (e->path, path, err) < 0)
    goto out;
  char *slash = strrchr (path, '/');
  const char *name = slash ? slash + 1 : path;
  char *dir = slash ? (*slash = 0, path) : "";
  ctx->entries++;
  if (strncmp (name, ".wh.", 4) == 0)
    {
      int dfd = open_parent (ctx, e->path, dir, 1, err);
      if (dfd < 0)
        goto out;
      if (strcmp (name, ".wh..wh..opq") == 0)
        {
          if (fsetxattr (dfd, ctx->userxattr ? "user.overlay.opaque" : "trusted.overlay.opaque", "y", 1, 0) < 0)
            {
              isomer_make_error (err, errno, "entry `%s`: mark `%s` opaque", e->path, dir[0] ? dir : "/");
              goto out;
            }
          ret = 0;
          goto out;
        }
      const char *hidden = name + 4;
      if (hidden[0] == 0 || strcmp (hidden, ".") == 0 || strcmp (hidden, "..") == 0 || strchr (hidden, '/'))
        {
          isomer_make_error (err, 0, "entry `%s` is a malformed whiteout", e->path);
          goto out;
        }
      for (int tries = 0; tries < 2; tries++)
        {
          if (mknodat (dfd, hidden, S_IFCHR, makedev (0, 0)) == 0)
            {
              ret = 0;
              goto out;
            }
          if (errno != EEXIST || tries)
            break;
          int rr = replace (ctx, dfd, e->path, hidden, err);
          if (rr < 0)
            goto out;
          if (rr == 1 && (dfd = open_parent (ctx, e->path, dir, 1, err)) < 0)
            goto out;
        }
      isomer_make_error (err, errno, "entry `%s`: create the whiteout for `%s`", e->path, hidden);
      goto out;
    }
  /* the layer root itself ("./") */
  if (slash == NULL && name[0] == 0)
    {
      if (e->type != '5')
        {
          isomer_make_error (err, 0, "entry `%s` would replace the layer root", e->path);
          goto out;
        }
      ret = make_dir (ctx, ctx->rootfd, "", "", e, err);
      goto out;
    }
  char *full = NULL;
  for (int tries = 0; tries < 2; tries++)
    {
      int dfd = open_parent (ctx, e->path, dir, 1, err);
      if (dfd < 0)
        goto out;
      int rc;
      if (e->type == '5')
        {
          if (full == NULL && asprintf (&full, "%s%s%s", dir, dir[0] ? "/" : "", name) < 0)
            goto out;
          rc = make_dir (ctx, dfd, full, name, e, err);
          if (rc <= 0)
            {
              ret = rc;
              free (full);
              goto out;
            }
        }
      else if (e->type == '0')
        {
          rc = write_file (ctx, dfd, name, e, r, err);
          if (rc == 0 || rc == -2 || errno != EEXIST)
            {
              if (rc == -1)
                isomer_make_error (err, errno, "entry `%s`: create", e->path);
              ret = rc == 0 ? 0 : -1;
              goto out;
            }
        }
      else if (e->type == '1' || e->type == '2' || e->type == '3' || e->type == '4' || e->type == '6')
        {
          rc = make_node (ctx, dfd, name, e, err);
          if (rc != -1)
            {
              ret = rc == 0 ? 0 : -1;
              goto out;
            }
        }
      else
        {
          isomer_make_error (err, 0, "entry `%s` has the unsupported tar type `%c`", e->path, e->type);
          goto out;
        }
      if (tries)
        break;
      if (replace (ctx, dfd, e->path, name, err) < 0)
        goto out;
    }
  free (full);
  isomer_make_error (err, EEXIST, "entry `%s`: create", e->path);
out:
  free (path);
  return ret;
}

int
apply_finish (apply_ctx_t *ctx, isomer_error_t *err)
{
  int ret = 0;
  for (size_t i = ctx->n_dirs; i-- > 0;)
    {
      dir_time_t *d = &ctx->dirs[i];
      int fd = d->path[0] ? openat2_beneath (ctx->rootfd, d->path, O_RDONLY | O_DIRECTORY) : dup (ctx->rootfd);
      if (fd >= 0)
        {
          struct timespec t[2] = { d->mtime, d->mtime };
          if (futimens (fd, t) < 0 && ret == 0)
            ret = isomer_make_error (err, errno, "set the times of directory `%s`", d->path);
          close (fd);
        }
      free (d->path);
    }
  free (ctx->dirs);
  drop_cache (ctx);
  close (ctx->rootfd);
  return ret;
}
