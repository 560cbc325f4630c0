/* cgroups v1 and v2: discover hierarchies, create the container's directories, enter, remove. */
#define _GNU_SOURCE
#include "cgroup.h"
#include "status.h"
#include "utils.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Own path in the hierarchy whose /proc/self/cgroup controller field is `ctrl` ("" for v2). */
static char *
own_path (const char *cgroup_text, const char *superopts, int v2)
{
  char *copy = xstrdup (cgroup_text), *save = NULL, *line, *result = NULL;
  for (line = strtok_r (copy, "\n", &save); line; line = strtok_r (NULL, "\n", &save))
    {
      char *c1 = strchr (line, ':'), *c2 = c1 ? strchr (c1 + 1, ':') : NULL;
      if (c2 == NULL)
        continue;
      *c2 = '\0';
      const char *ctrls = c1 + 1;
      if (v2 ? *ctrls == '\0' : *ctrls != '\0')
        {
          int all = 1;
          cleanup_free char *cs = xstrdup (ctrls);
          char *s2 = NULL;
          for (char *t = strtok_r (cs, ",", &s2); t && !v2; t = strtok_r (NULL, ",", &s2))
            {
              cleanup_free char *needle = xasprintf (",%s,", t), *hay = xasprintf (",%s,", superopts);
              if (strstr (hay, needle) == NULL)
                all = 0;
            }
          if (all)
            {
              result = xstrdup (c2 + 1);
              break;
            }
        }
    }
  free (copy);
  return result;
}

static void
add_dir (struct cgroup_set *set, const char *dir, const char *ctrls, int v2, const char *mount)
{
  for (size_t i = 0; i < set->n; i++)
    if (strcmp (set->dirs[i].dir, dir) == 0)
      return;
  set->dirs = xrealloc (set->dirs, (set->n + 1) * sizeof (*set->dirs));
  set->dirs[set->n].dir = xstrdup (dir);
  set->dirs[set->n].controllers = xstrdup (ctrls);
  set->dirs[set->n].v2 = v2;
  set->dirs[set->n].mount = mount ? xstrdup (mount) : NULL;
  set->dirs[set->n].systemd = 0;
  set->dirs[set->n++].created_levels = 0;
}

/* Compute the container's directory in every cgroup hierarchy mounted on the host. */
static int
discover (const char *cg_path, struct cgroup_set *set, isomer_error_t *err)
{
  cleanup_free char *mountinfo = NULL, *self = NULL;
  char *save = NULL;
  int ret = read_all_file ("/proc/self/mountinfo", &mountinfo, NULL, err);
  if (ret >= 0)
    ret = read_all_file ("/proc/self/cgroup", &self, NULL, err);
  if (UNLIKELY (ret < 0))
    return ret;
  for (char *line = strtok_r (mountinfo, "\n", &save); line; line = strtok_r (NULL, "\n", &save))
    {
      char root[4096], mnt[4096], fstype[64], source[256], superopts[1024];
      char *dash = strstr (line, " - ");
      if (dash == NULL || sscanf (line, "%*s %*s %*s %4095s %4095s", root, mnt) != 2
          || sscanf (dash + 3, "%63s %255s %1023s", fstype, source, superopts) != 3)
        continue;
      int v2 = strcmp (fstype, "cgroup2") == 0;
      if (!v2 && strcmp (fstype, "cgroup") != 0)
        continue;
      cleanup_free char *own = own_path (self, superopts, v2);
      if (own == NULL)
        continue;
      const char *rel = own;
      size_t rl = strlen (root);
      if (strcmp (root, "/") != 0 && strncmp (own, root, rl) == 0)
        rel = own + rl;
      cleanup_free char *dir = NULL;
      if (cg_path[0] == '/')
        dir = xasprintf ("%s%s", mnt, cg_path);
      else
        dir = xasprintf ("%s%s%s/%s", mnt, *rel == '/' ? "" : "/", strcmp (rel, "/") == 0 ? "" : rel, cg_path);
      add_dir (set, dir, v2 ? "" : superopts, v2, mnt);
    }
  if (set->n == 0)
    return isomer_make_error (err, 0, "no cgroup hierarchy is mounted (read `/proc/self/mountinfo`)");
  return 0;
}

static int
copy_cpuset (const char *dir, isomer_error_t *err)
{
  static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
  cleanup_free char *parent = xstrdup (dir);
  *strrchr (parent, '/') = '\0';
  for (int i = 0; i < 2; i++)
    {
      cleanup_free char *src = xasprintf ("%s/%s", parent, files[i]), *dst = xasprintf ("%s/%s", dir, files[i]);
      cleanup_free char *val = NULL;
      if (read_all_file (src, &val, NULL, err) < 0)
        return -1;
      if (write_file (dst, val, strlen (val), err) < 0)
        return -1;
    }
  return 0;
}

/* mkdir every missing level of d->dir (copying cpuset.cpus/mems into new v1 cpuset levels). */
static int
make_dir (struct cgroup_dir *d, isomer_error_t *err)
{
  cleanup_free char *buf = xstrdup (d->dir);
  int is_cpuset = !d->v2 && strstr (d->controllers, "cpuset") != NULL;
  for (char *p = buf + strlen ("/sys/fs/cgroup/"); ; p++)
    {
      if (*p != '/' && *p != '\0')
        continue;
      char saved = *p;
      *p = '\0';
      if (mkdir (buf, 0755) == 0)
        {
          if (is_cpuset && copy_cpuset (buf, err) < 0)
            return isomer_error_wrap (err, "cgroup `%s`", buf);
        }
      else if (errno != EEXIST)
        return isomer_make_error (err, errno, "mkdir cgroup `%s`", buf);
      *p = saved;
      if (saved == '\0')
        break;
    }
  return 0;
}

/* An existing leaf can be taken as the container's own only when it is empty and not a
   hierarchy's root (delete kills what it holds, then removes it). */
static int
adoptable (const struct cgroup_dir *d)
{
  cleanup_free char *procs = xasprintf ("%s/cgroup.procs", d->dir), *text = NULL;
  if (d->mount == NULL || strcmp (d->dir, d->mount) == 0 || read_all_file (procs, &text, NULL, NULL) < 0)
    return 0;
  return text[0] == '\0';
}

/* The systemd manager: the set's one v2 directory becomes <slice path>/<prefix>-<name>.scope
   (default isomer.slice / isomer-<id>.scope); systemd creates it when the scope starts. */
static int
use_systemd (const char *cp, const char *id, struct cgroup_set *set, isomer_error_t *err)
{
  if (set->n != 1 || !set->dirs[0].v2 || (cp && *cp && (cp[0] == '/' || !strchr (cp, ':'))))
    return 0;
  int avail = cgroup_systemd_available (err);
  if (avail <= 0)
    return avail;
  char slice[256] = "isomer.slice", prefix[256] = "isomer", name[256] = "";
  snprintf (name, sizeof (name), "%s", id);
  if (cp && *cp)
    sscanf (cp, "%255[^:]:%255[^:]:%255s", slice, prefix, name);
  cleanup_free char *sp = cgroup_systemd_slice_path (slice);
  struct cgroup_dir *d = &set->dirs[0];
  free (d->dir);
  d->dir = xasprintf ("%s%s/%s-%s.scope", d->mount, sp, prefix, name);
  d->systemd = 1;
  d->created_levels = 1;
  return 1;
}

/* What an ordinary user gets for a cgroup that was not delegated to it. */
static int
denied (int status)
{
  return status == EACCES || status == EPERM || status == EROFS;
}

static void
drop_dir (struct cgroup_set *set, size_t i)
{
  free (set->dirs[i].dir);
  free (set->dirs[i].controllers);
  free (set->dirs[i].mount);
  memmove (&set->dirs[i], &set->dirs[i + 1], (set->n - i - 1) * sizeof (*set->dirs));
  set->n--;
}

/* The container's cgroups. Rootless (euid != 0), a hierarchy in which the caller may not create
   the container's directory is left out (only a delegated subtree is writable), with a note. */
int
cgroup_create (const struct spec *spec, const char *id, struct cgroup_set *set, isomer_error_t *err)
{
  int rootless = geteuid () != 0, dropped = 0;
  cleanup_free char *path = NULL;
  const char *cp = spec->cgroups_path;
  if (cp == NULL || *cp == '\0')
    path = xstrdup (id);
  else if (strchr (cp, ':') && !strchr (cp, '/'))
    {
      char slice[256] = "", prefix[256] = "", name[256] = "";
      sscanf (cp, "%255[^:]:%255[^:]:%255s", slice, prefix, name);
      path = xasprintf ("%s/%s-%s.scope", slice, prefix, name);
    }
  else
    path = xstrdup (cp);
  memset (set, 0, sizeof (*set));
  int ret = discover (path, set, err);
  if (UNLIKELY (ret < 0))
    return ret;
  ret = use_systemd (cp, id, set, err);
  if (ret != 0)
    return ret < 0 ? ret : 0; /* the scope and its limits come with cgroup_attach */
  for (size_t i = 0; i < set->n; i++)
    {
      /* count levels that do not exist yet, so that destroy removes exactly those */
      int missing = 0;
      cleanup_free char *probe = xstrdup (set->dirs[i].dir);
      struct stat st;
      while (stat (probe, &st) < 0 && strlen (probe) > strlen ("/sys/fs/cgroup/x"))
        {
          missing++;
          *strrchr (probe, '/') = '\0';
        }
      /* the container's own (leaf) cgroup is always its own: a leftover of an earlier container
         with the same path is adopted and removed on delete, as runc does, never leaked */
      if (missing == 0 && adoptable (&set->dirs[i]))
        missing = 1;
      set->dirs[i].created_levels = missing;
      ret = make_dir (&set->dirs[i], err);
      if (ret < 0 && rootless && denied ((*err)->status))
        {
          /* not delegated to this user: the container does without this hierarchy */
          isomer_error_release (err);
          drop_dir (set, i--);
          dropped++;
          continue;
        }
      if (UNLIKELY (ret < 0))
        {
          cgroup_destroy (set, NULL);
          return ret;
        }
    }
  ret = cgroup_apply_limits (spec, set, err);
  if (ret < 0 && rootless && dropped > 0)
    {
      cleanup_free char *text = isomer_error_text (*err);
      isomer_error_release (err);
      isomer_warn ("note: rootless without a delegated cgroup for every controller: "
                   "resource limits are not applied (%s)", text);
      return 0;
    }
  if (UNLIKELY (ret < 0))
    {
      cgroup_destroy (set, NULL);
      return ret;
    }
  if (rootless && set->n == 0)
    isomer_warn ("note: rootless and no cgroup is delegated to you (no systemd user "
                 "delegation, no writable `cgroupsPath`): the container runs without a cgroup of its own "
                 "and without resource limits");
  return 0;
}

int
cgroup_attach (const struct spec *spec, const struct cgroup_set *set, pid_t pid, isomer_error_t *err)
{
  if (set->n == 1 && set->dirs[0].systemd)
    return cgroup_systemd_start (&set->dirs[0], pid, err) < 0 ? -1 : cgroup_apply_limits (spec, set, err);
  return cgroup_enter (set, pid, 0, err);
}

/* Write `buf` into `procs` (relative to `dirfd`, or AT_FDCWD), retrying what is transient on a
   busy host: EINTR, EAGAIN (a thread group changing under the migration), and on v1 EBUSY/ENOMEM;
   up to ~1 s in all. */
static int
write_procs (int dirfd, const char *procs, const char *buf, int len, int v2)
{
  for (int attempt = 0;; attempt++)
    {
      int fd = openat (dirfd, procs, O_WRONLY | O_CLOEXEC);
      int ok = fd >= 0 && write (fd, buf, len) == len;
      int saved = errno;
      if (fd >= 0)
        close (fd);
      if (ok)
        return 0;
      int transient = saved == EINTR || saved == EAGAIN || (!v2 && (saved == EBUSY || saved == ENOMEM));
      if (!transient || attempt >= 100)
        {
          errno = saved;
          return -1;
        }
      sleep_ms (attempt < 10 ? 1 : 10);
    }
}

int
cgroup_enter_fd (int dirfd, pid_t pid)
{
  char buf[32];
  int len = snprintf (buf, sizeof (buf), "%d", pid);
  return write_procs (dirfd, "cgroup.procs", buf, len, 1);
}

char *
cgroup_v2_dir_of (const struct cgroup_dir *d, pid_t pid)
{
  char path[64];
  cleanup_free char *text = NULL;
  snprintf (path, sizeof (path), "/proc/%d/cgroup", pid);
  if (d->mount == NULL || pid <= 0 || read_all_file (path, &text, NULL, NULL) < 0)
    return NULL;
  char *line = strstr (text, "0::");
  while (line && line != text && line[-1] != '\n')
    line = strstr (line + 3, "0::");
  if (line == NULL)
    return NULL;
  line[strcspn (line, "\n")] = '\0';
  return xasprintf ("%s%s", d->mount, strcmp (line + 3, "/") == 0 ? "" : line + 3);
}

/* v2 refuses processes in a cgroup with controllers enabled for its children (a systemd inside
   does that): join the cgroup of the container's init instead, as runc does. */
static int
enter_init_cgroup (const struct cgroup_dir *d, pid_t init, const char *buf, int len)
{
  cleanup_free char *dir = cgroup_v2_dir_of (d, init);
  if (dir == NULL)
    return -1;
  cleanup_free char *procs = xasprintf ("%s/cgroup.procs", dir);
  return write_procs (AT_FDCWD, procs, buf, len, 1);
}

int
cgroup_enter (const struct cgroup_set *set, pid_t pid, pid_t init, isomer_error_t *err)
{
  char buf[32];
  int len = snprintf (buf, sizeof (buf), "%d", pid);
  for (size_t i = 0; i < set->n; i++)
    {
      cleanup_free char *procs = xasprintf ("%s/cgroup.procs", set->dirs[i].dir);
      if (write_procs (AT_FDCWD, procs, buf, len, set->dirs[i].v2) < 0)
        {
          int saved = errno;
          if (saved == EBUSY && set->dirs[i].v2 && enter_init_cgroup (&set->dirs[i], init, buf, len) == 0)
            continue;
          return isomer_make_error (err, saved, "join cgroup: write %s to `%s`", buf, procs);
        }
    }
  return 0;
}

static int
kill_dir (const char *dir, int sig)
{
  cleanup_free char *procs = xasprintf ("%s/cgroup.procs", dir), *text = NULL;
  int n = 0;
  if (read_all_file (procs, &text, NULL, NULL) == 0)
    for (char *p = text; *p;)
      {
        long pid = strtol (p, &p, 10);
        if (pid > 0 && kill (pid, sig) == 0)
          n++;
        while (*p == '\n')
          p++;
        if (pid <= 0)
          break;
      }
  DIR *d = opendir (dir);
  struct dirent *de;
  while (d && (de = readdir (d)))
    if (de->d_type == DT_DIR && de->d_name[0] != '.')
      {
        cleanup_free char *sub = xasprintf ("%s/%s", dir, de->d_name);
        n += kill_dir (sub, sig);
      }
  if (d)
    closedir (d);
  return n;
}

int
cgroup_kill_all (const struct cgroup_set *set, int sig)
{
  int n = 0;
  for (size_t i = 0; i < set->n; i++)
    {
      /* v2 (5.14+): cgroup.kill kills the whole subtree at once, forks racing the walk included */
      if (sig == SIGKILL && set->dirs[i].v2)
        {
          cleanup_free char *kill_file = xasprintf ("%s/cgroup.kill", set->dirs[i].dir);
          write_file (kill_file, "1", 1, NULL);
        }
      n += kill_dir (set->dirs[i].dir, sig);
      if (n > 0 && sig == SIGKILL)
        break;
    }
  return n;
}

long
cgroup_oom_kills (const struct cgroup_set *set)
{
  for (size_t i = 0; i < set->n; i++)
    {
      const struct cgroup_dir *d = &set->dirs[i];
      if (!d->v2 && strstr (d->controllers, "memory") == NULL)
        continue;
      cleanup_free char *path = xasprintf ("%s/%s", d->dir, d->v2 ? "memory.events" : "memory.oom_control"), *text = NULL;
      if (read_all_file (path, &text, NULL, NULL) < 0)
        continue;
      char *line = strstr (text, "oom_kill ");
      if (line && (line == text || line[-1] == '\n'))
        return strtol (line + strlen ("oom_kill "), NULL, 10);
    }
  return -1;
}

static int
rmdir_tree (const char *dir)
{
  DIR *d = opendir (dir);
  struct dirent *de;
  if (d == NULL)
    return errno == ENOENT ? 0 : -1;
  while ((de = readdir (d)))
    if (de->d_type == DT_DIR && de->d_name[0] != '.')
      {
        cleanup_free char *sub = xasprintf ("%s/%s", dir, de->d_name);
        rmdir_tree (sub);
      }
  closedir (d);
  /* EBUSY: a task that has just exited is still accounted for a moment, or a straggler (an
     `exec` that joined while the container was being killed) is still there: kill it, retry */
  for (int attempt = 0; attempt < 500; attempt++)
    {
      if (rmdir (dir) == 0 || errno == ENOENT)
        return 0;
      if (errno != EBUSY && errno != EINTR)
        return -1;
      if (attempt % 20 == 19)
        kill_dir (dir, SIGKILL);
      sleep_ms (10);
    }
  errno = EBUSY;
  return -1;
}

int
cgroup_destroy (const struct cgroup_set *set, isomer_error_t *err)
{
  int ret = 0;
  for (size_t i = 0; i < set->n; i++)
    {
      cleanup_free char *dir = xstrdup (set->dirs[i].dir);
      if (set->dirs[i].created_levels <= 0)
        continue;
      if (rmdir_tree (dir) < 0 && ret == 0)
        ret = isomer_make_error (err, errno, "remove cgroup `%s`", dir);
      if (set->dirs[i].systemd)
        {
          cgroup_systemd_stop (&set->dirs[i]);
          continue;
        }
      for (int lvl = 1; lvl < set->dirs[i].created_levels; lvl++)
        {
          *strrchr (dir, '/') = '\0';
          if (rmdir (dir) < 0)
            break;
        }
    }
  return ret;
}

char *
cgroup_serialize (const struct cgroup_set *set)
{
  char *out = xstrdup ("");
  for (size_t i = 0; i < set->n; i++)
    {
      char *next = xasprintf ("%s%d %d %s %s %s\n", out, set->dirs[i].systemd ? 2 : set->dirs[i].v2, set->dirs[i].created_levels,
                              *set->dirs[i].controllers ? set->dirs[i].controllers : "-",
                              set->dirs[i].mount ? set->dirs[i].mount : "-", set->dirs[i].dir);
      free (out);
      out = next;
    }
  return out;
}

int
cgroup_parse (const char *text, struct cgroup_set *set)
{
  memset (set, 0, sizeof (*set));
  for (const char *p = text; p && *p;)
    {
      int v2, lv, off = 0;
      char ctrls[1024], mnt[4096];
      const char *nl = strchr (p, '\n');
      if (sscanf (p, "%d %d %1023s %4095s %n", &v2, &lv, ctrls, mnt, &off) != 4 || off == 0)
        return -1;
      cleanup_free char *dir = strndup (p + off, nl ? (size_t) (nl - p - off) : strlen (p + off));
      add_dir (set, dir, strcmp (ctrls, "-") == 0 ? "" : ctrls, v2 != 0, strcmp (mnt, "-") == 0 ? NULL : mnt);
      set->dirs[set->n - 1].systemd = v2 == 2;
      set->dirs[set->n - 1].created_levels = lv;
      p = nl ? nl + 1 : NULL;
    }
  return 0;
}

int
cgroup_load (const char *root, const char *id, struct cgroup_set *set, isomer_error_t *err)
{
  cleanup_free char *path = xasprintf ("%s/%s/" STATE_CGROUPS, root, id), *text = NULL;
  memset (set, 0, sizeof (*set));
  if (read_all_file (path, &text, NULL, err) < 0)
    return -1;
  if (cgroup_parse (text, set) < 0)
    return isomer_make_error (err, 0, "parse `%s`", path);
  return 0;
}

void
cgroup_set_free (struct cgroup_set *set)
{
  for (size_t i = 0; i < set->n; i++)
    {
      free (set->dirs[i].dir);
      free (set->dirs[i].controllers);
      free (set->dirs[i].mount);
    }
  free (set->dirs);
  memset (set, 0, sizeof (*set));
}
