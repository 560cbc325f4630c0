/* Inside the new namespaces: mounts, /dev, pivot_root, masked/readonly paths, sysctl, console. */
#define _GNU_SOURCE
#include "linux.h"
#include "utils.h"
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <net/if.h>

static int
make_parent_and_file (const char *path, int is_dir, isomer_error_t *err)
{
  if (is_dir)
    return mkdir_p (path, 0755, err);
  cleanup_free char *copy = xstrdup (path);
  if (mkdir_p (dirname (copy), 0755, err) < 0)
    return -1;
  int fd = open (path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0 && errno != EEXIST && errno != EISDIR)
    return isomer_make_error (err, errno, "create mount point `%s`", path);
  if (fd >= 0)
    close (fd);
  return 0;
}

static int
bind_mount (const char *src, const char *dst, int recursive, unsigned long flags, isomer_error_t *err)
{
  if (mount (src, dst, NULL, MS_BIND | (recursive ? MS_REC : 0), NULL) < 0)
    return isomer_make_error (err, errno, "bind mount `%s` on `%s`", src, dst);
  if ((flags & ~MS_REC) && mount (NULL, dst, NULL, MS_BIND | MS_REMOUNT | flags, NULL) < 0)
    {
      /* in a user namespace the source's nosuid/nodev/noexec are locked: keep them */
      struct statvfs sv;
      unsigned long locked = statvfs (dst, &sv) == 0 ? sv.f_flag & (MS_NOSUID | MS_NODEV | MS_NOEXEC) : 0;
      if (errno != EPERM || mount (NULL, dst, NULL, MS_BIND | MS_REMOUNT | flags | locked, NULL) < 0)
        return isomer_make_error (err, errno, "remount `%s` with its options", dst);
    }
  return 0;
}

/* The cgroup mount: cgroup2 on a v2 host; a tmpfs of per-hierarchy mounts on v1/hybrid hosts. */
static int
mount_cgroup (const struct cgroup_set *cg, int cgroupns, const char *dest, unsigned long flags, isomer_error_t *err)
{
  int pure_v2 = cg->n == 1 && cg->dirs[0].v2 && cg->dirs[0].mount && strcmp (cg->dirs[0].mount, "/sys/fs/cgroup") == 0;
  if (mkdir_p (dest, 0755, err) < 0)
    return -1;
  if (pure_v2)
    {
      if (!cgroupns)
        return bind_mount (cg->dirs[0].dir, dest, 0, flags, err);
      if (mount ("cgroup2", dest, "cgroup2", flags, NULL) == 0)
        return 0;
      /* EBUSY: dest is already the root of a cgroup2 mount (a /sys bound from the host, as a
         rootless build step has), and the kernel refuses the same file system mounted again on the
         same mount point; EPERM: a user namespace that may not mount cgroup2 here. Binding the
         container's own cgroup gives the view a cgroup namespace's mount would (runc does the same). */
      if (errno != EBUSY && errno != EPERM)
        return isomer_make_error (err, errno, "mount cgroup2 on `%s`", dest);
      return bind_mount (cg->dirs[0].dir, dest, 0, flags, err);
    }
  if (mount ("tmpfs", dest, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755") < 0)
    return isomer_make_error (err, errno, "mount tmpfs on `%s`", dest);
  for (size_t i = 0; i < cg->n; i++)
    {
      const struct cgroup_dir *d = &cg->dirs[i];
      const char *name = d->mount ? strrchr (d->mount, '/') + 1 : NULL;
      if (name == NULL || *name == '\0')
        continue;
      cleanup_free char *sub = xasprintf ("%s/%s", dest, name);
      if (mkdir_p (sub, 0755, err) < 0)
        return -1;
      if (!cgroupns)
        {
          if (bind_mount (d->dir, sub, 0, flags | MS_NOSUID | MS_NODEV | MS_NOEXEC, err) < 0)
            return -1;
        }
      else if (d->v2)
        {
          if (mount ("cgroup2", sub, "cgroup2", flags | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
            return isomer_make_error (err, errno, "mount cgroup2 on `%s`", sub);
        }
      else
        {
          /* the hierarchy's own options minus rw/ro and release_agent */
          cleanup_free char *opts = xstrdup (""), *copy = xstrdup (d->controllers);
          char *save = NULL;
          for (char *t = strtok_r (copy, ",", &save); t; t = strtok_r (NULL, ",", &save))
            if (strcmp (t, "rw") && strcmp (t, "ro") && strncmp (t, "release_agent=", 14))
              {
                char *next = xasprintf ("%s%s%s", opts, *opts ? "," : "", t);
                free (opts);
                opts = next;
              }
          if (mount ("cgroup", sub, "cgroup", flags | MS_NOSUID | MS_NODEV | MS_NOEXEC, opts) < 0)
            return isomer_make_error (err, errno, "mount cgroup `%s` on `%s`", opts, sub);
        }
      if (strchr (name, ','))
        {
          cleanup_free char *parts = xstrdup (name);
          char *save = NULL;
          for (char *t = strtok_r (parts, ",", &save); t; t = strtok_r (NULL, ",", &save))
            {
              cleanup_free char *link = xasprintf ("%s/%s", dest, t);
              symlink (name, link);
            }
        }
    }
  if ((flags & MS_RDONLY)
      && mount (NULL, dest, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755") < 0)
    return isomer_make_error (err, errno, "remount `%s` read-only", dest);
  return 0;
}

static int
do_mount (const struct spec *spec, const struct spec_mount *m, const struct cgroup_set *cg, int cgroupns,
          isomer_error_t *err)
{
  unsigned long flags, prop;
  cleanup_free char *data = NULL;
  cleanup_free char *dest = resolve_in_root (spec->root_path, m->destination);
  int bind = linux_parse_mount_options (m->options, m->n_options, &flags, &prop, &data);
  const char *type = m->type ? m->type : "";
  int ret;
  if (strcmp (type, "bind") == 0 && !bind)
    bind = 1;
  if (strcmp (type, "cgroup") == 0 || strcmp (type, "cgroup2") == 0)
    ret = mount_cgroup (cg, cgroupns, dest, flags, err);
  else if (bind)
    {
      struct stat st;
      if (m->source == NULL || stat (m->source, &st) < 0)
        return isomer_make_error (err, m->source ? errno : ENOENT, "bind mount source `%s` for `%s`",
                                  m->source ? m->source : "(none)", m->destination);
      ret = make_parent_and_file (dest, S_ISDIR (st.st_mode), err);
      if (ret >= 0)
        ret = bind_mount (m->source, dest, bind == 2, flags, err);
    }
  else
    {
      ret = mkdir_p (dest, 0755, err);
      if (ret >= 0 && mount (m->source ? m->source : type, dest, type, flags, *data ? data : NULL) < 0)
        ret = isomer_make_error (err, errno, "mount `%s` (type `%s`, options `%s`) on `%s`",
                                 m->source ? m->source : type, type, data, m->destination);
    }
  if (ret >= 0 && prop && mount (NULL, dest, NULL, prop, NULL) < 0)
    ret = isomer_make_error (err, errno, "set propagation of `%s`", m->destination);
  return ret;
}

static int
make_devices (const struct spec *spec, isomer_error_t *err)
{
  static const struct { const char *name; int major, minor; } defaults[] = {
    { "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 }, { "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
  };
  static const char *const links[][2] = { { "/proc/self/fd", "fd" }, { "/proc/self/fd/0", "stdin" },
                                          { "/proc/self/fd/1", "stdout" }, { "/proc/self/fd/2", "stderr" },
                                          { "pts/ptmx", "ptmx" }, { "/proc/kcore", "core" } };
  cleanup_free char *dev = xasprintf ("%s/dev", spec->root_path);
  struct stat st;
  if (stat (dev, &st) < 0)
    return 0;
  mode_t old = umask (0);
  const size_t n_defaults = sizeof (defaults) / sizeof (defaults[0]);
  /* linux.devices first, so that they win over a default of the same path */
  for (size_t j = 0; j < n_defaults + spec->n_devices; j++)
    {
      int is_default = j >= spec->n_devices;
      size_t i = j - spec->n_devices;
      const struct spec_device *d = is_default ? NULL : &spec->devices[j];
      cleanup_free char *path = is_default ? xasprintf ("%s/%s", dev, defaults[i].name)
                                           : resolve_in_root (spec->root_path, d->path);
      mode_t type = !d ? S_IFCHR : d->type == 'b' ? S_IFBLK : d->type == 'p' ? S_IFIFO : S_IFCHR;
      dev_t num = is_default ? makedev (defaults[i].major, defaults[i].minor) : makedev (d->major, d->minor);
      if (d)
        {
          cleanup_free char *parent = xstrdup (path);
          *strrchr (parent, '/') = '\0';
          mkdir_p (parent, 0755, NULL);
        }
      if (mknod (path, type | (d ? (d->mode & 07777) : 0666), num) == 0)
        {
          if (d && chown (path, d->uid, d->gid) < 0)
            return umask (old), isomer_make_error (err, errno, "chown device `%s`", path);
          continue;
        }
      if (errno == EEXIST)
        continue;
      /* no mknod allowed (user namespace): bind the host's node */
      cleanup_free char *host = is_default ? xasprintf ("/dev/%s", defaults[i].name) : xstrdup (d->path);
      if (make_parent_and_file (path, 0, err) < 0 || bind_mount (host, path, 0, 0, err) < 0)
        return umask (old), isomer_error_wrap (err, "create device `%s`", path);
    }
  umask (old);
  for (size_t i = 0; i < sizeof (links) / sizeof (links[0]); i++)
    {
      cleanup_free char *path = xasprintf ("%s/%s", dev, links[i][1]);
      if (symlink (links[i][0], path) < 0 && errno != EEXIST)
        return isomer_make_error (err, errno, "symlink `%s`", path);
    }
  cleanup_free char *pts = xasprintf ("%s/pts", dev), *shm = xasprintf ("%s/shm", dev);
  mkdir (pts, 0755);
  mkdir (shm, 01777);
  return 0;
}

static unsigned long
root_propagation (const char *name)
{
  if (name == NULL || strcmp (name, "rslave") == 0)
    return MS_SLAVE | MS_REC;
  if (strcmp (name, "slave") == 0)
    return MS_SLAVE;
  if (strcmp (name, "private") == 0)
    return MS_PRIVATE;
  if (strcmp (name, "rprivate") == 0)
    return MS_PRIVATE | MS_REC;
  if (strcmp (name, "shared") == 0)
    return MS_SHARED;
  if (strcmp (name, "rshared") == 0)
    return MS_SHARED | MS_REC;
  return MS_SLAVE | MS_REC;
}

static int
userns_joined (const struct spec *spec)
{
  for (size_t i = 0; i < spec->n_namespaces; i++)
    if (spec->namespaces[i].flag == CLONE_NEWUSER)
      return 1;
  return 0;
}

int
linux_setup_rootfs (const struct spec *spec, const struct cgroup_set *cg, int cgroupns, isomer_error_t *err)
{
  if (mount (NULL, "/", NULL, root_propagation (spec->rootfs_propagation), NULL) < 0)
    return isomer_make_error (err, errno, "set propagation of `/`");
  const char *overlay = spec->annotations ? json_get_string (spec->annotations, ROOTFS_OVERLAY_ANNOTATION) : NULL;
  if (overlay)
    {
      /* rootless: the rootfs is mounted here, in the container's own user + mount namespaces;
         overlayfs there keeps its whiteouts and opaque marks in user.overlay.* xattrs */
      cleanup_free char *opts = xasprintf ("%s%s", overlay, userns_joined (spec) ? ",userxattr" : "");
      if (mount ("overlay", spec->root_path, "overlay", 0, opts) < 0)
        return isomer_make_error (err, errno, "mount the overlay rootfs on `%s` (`%s`)", spec->root_path, opts);
    }
  else if (mount (spec->root_path, spec->root_path, NULL, MS_BIND | MS_REC, NULL) < 0)
    return isomer_make_error (err, errno, "bind mount root `%s` on itself", spec->root_path);
  for (size_t i = 0; i < spec->n_mounts; i++)
    if (do_mount (spec, &spec->mounts[i], cg, cgroupns, err) < 0)
      return -1;
  return make_devices (spec, err);
}

int
linux_pivot_root (const struct spec *spec, isomer_error_t *err)
{
  if (chdir (spec->root_path) < 0)
    return isomer_make_error (err, errno, "chdir to root `%s`", spec->root_path);
  if (syscall (SYS_pivot_root, ".", ".") < 0)
    return isomer_make_error (err, errno, "pivot_root into `%s`", spec->root_path);
  if (mount (NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0 || umount2 (".", MNT_DETACH) < 0)
    return isomer_make_error (err, errno, "detach the old root after pivot_root");
  if (chdir ("/") < 0)
    return isomer_make_error (err, errno, "chdir `/`");
  return 0;
}

int
linux_finish_rootfs (const struct spec *spec, isomer_error_t *err)
{
  for (size_t i = 0; i < spec->n_sysctl; i++)
    {
      cleanup_free char *path = xasprintf ("/proc/sys/%s", spec->sysctl_keys[i]);
      for (char *p = path + 10; *p; p++)
        if (*p == '.')
          *p = '/';
      if (write_file (path, spec->sysctl_values[i], strlen (spec->sysctl_values[i]), err) < 0)
        return isomer_error_wrap (err, "sysctl `%s`", spec->sysctl_keys[i]);
    }
  for (size_t i = 0; i < spec->n_readonly; i++)
    {
      struct statvfs sv;
      const char *p = spec->readonly[i];
      if (mount (p, p, NULL, MS_BIND | MS_REC, NULL) < 0)
        {
          if (errno == ENOENT)
            continue;
          return isomer_make_error (err, errno, "bind `%s` read-only", p);
        }
      unsigned long keep = statvfs (p, &sv) == 0 ? sv.f_flag & (MS_NOSUID | MS_NODEV | MS_NOEXEC) : 0;
      if (mount (p, p, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC | keep, NULL) < 0)
        return isomer_make_error (err, errno, "remount `%s` read-only", p);
    }
  for (size_t i = 0; i < spec->n_masked; i++)
    {
      struct stat st;
      const char *p = spec->masked[i];
      if (stat (p, &st) < 0)
        continue;
      int r = S_ISDIR (st.st_mode) ? mount ("tmpfs", p, "tmpfs", MS_RDONLY, NULL) : mount ("/dev/null", p, NULL, MS_BIND, NULL);
      if (r < 0)
        return isomer_make_error (err, errno, "mask `%s`", p);
    }
  if (spec->root_readonly && mount (NULL, "/", NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL) < 0)
    return isomer_make_error (err, errno, "remount `/` read-only");
  return 0;
}

int
linux_setup_console (int socket_fd, const struct spec_process *proc, isomer_error_t *err)
{
  char name[128];
  cleanup_close int master = open ("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0)
    return isomer_make_error (err, errno, "open `/dev/ptmx`");
  if (unlockpt (master) < 0 || ptsname_r (master, name, sizeof (name)) != 0)
    return isomer_make_error (err, errno, "unlock the console pty");
  if (proc->console_height || proc->console_width)
    {
      struct winsize ws = { .ws_row = proc->console_height, .ws_col = proc->console_width };
      ioctl (master, TIOCSWINSZ, &ws);
    }
  int slave = open (name, O_RDWR | O_NOCTTY);
  if (slave < 0)
    return isomer_make_error (err, errno, "open console `%s`", name);
  if (make_parent_and_file ("/dev/console", 0, err) < 0 || bind_mount (name, "/dev/console", 0, 0, err) < 0)
    return -1;
  if (setsid () < 0 || ioctl (slave, TIOCSCTTY, 0) < 0)
    return isomer_make_error (err, errno, "make `%s` the controlling terminal", name);
  for (int i = 0; i < 3; i++)
    dup2 (slave, i);
  if (slave > 2)
    close (slave);
  if (socket_fd >= 0 && send_fd (socket_fd, master) < 0)
    return isomer_make_error (err, errno, "send the console to `--console-socket`");
  return 0;
}

int
linux_loopback_up (isomer_error_t *err)
{
  cleanup_close int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return isomer_make_error (err, errno, "open a socket to bring `lo` up");
  struct ifreq ifr;
  memset (&ifr, 0, sizeof (ifr));
  strncpy (ifr.ifr_name, "lo", IFNAMSIZ - 1);
  if (ioctl (fd, SIOCGIFFLAGS, &ifr) < 0)
    return isomer_make_error (err, errno, "read the flags of `lo`");
  if (ifr.ifr_flags & IFF_UP)
    return 0;
  ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
  if (ioctl (fd, SIOCSIFFLAGS, &ifr) < 0)
    return isomer_make_error (err, errno, "bring `lo` up");
  return 0;
}
