/* The container's first process: join/unshare namespaces, build the rootfs, drop privileges,
   wait on exec.fifo for `start`, exec. Every step reports its failure to the shim and exits 1. */
#define _GNU_SOURCE
#include "cgroup.h"
#include "container.h"
#include "hooks.h"
#include "linux.h"
#include "process.h"
#include "seccomp.h"
#include "utils.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void __attribute__ ((noreturn))
report_and_exit (int sync_fd, isomer_error_t *err)
{
  cleanup_free char *text = isomer_error_text (*err);
  cleanup_free char *msg = xasprintf ("E%s", text);
  safe_write (sync_fd, msg, strlen (msg));
  _exit (1);
}

static pid_t hook_pid;

static int
spec_has_ns (const struct spec *spec, int flag, const char **path)
{
  for (size_t i = 0; i < spec->n_namespaces; i++)
    if (spec->namespaces[i].flag == flag)
      {
        if (path)
          *path = spec->namespaces[i].path;
        return 1;
      }
  return 0;
}

static int
join_namespaces (const struct spec *spec, isomer_error_t *err)
{
  /* a user namespace by path was joined by the shim before the clone (create.c): it owns the others */
  for (size_t i = 0; i < spec->n_namespaces; i++)
    {
      const struct spec_namespace *ns = &spec->namespaces[i];
      if (ns->path == NULL || ns->flag == CLONE_NEWPID || ns->flag == CLONE_NEWUSER)
        continue;
      cleanup_close int fd = open (ns->path, O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        return isomer_make_error (err, errno, "open namespace `%s`", ns->path);
      if (setns (fd, ns->flag) < 0)
        return isomer_make_error (err, errno, "join namespace `%s`", ns->path);
    }
  return 0;
}

static int
setup (const struct spec *spec, const struct cgroup_set *cg, const struct seccomp_bpf *bpf, int console_fd,
       const char *fifo, int *fifo_fd, char **exe, isomer_error_t *err)
{
  const struct spec_process *proc = &spec->process;
  const char *path = NULL;
  int cgroupns = spec_has_ns (spec, CLONE_NEWCGROUP, &path);
  /* before becoming the user namespace's root, who may not traverse the state directory */
  *fifo_fd = open (fifo, O_PATH | O_CLOEXEC);
  if (*fifo_fd < 0)
    return isomer_make_error (err, errno, "open `%s`", fifo);
  if (join_namespaces (spec, err) < 0)
    return -1;
  if (spec_has_ns (spec, CLONE_NEWUSER, NULL) && (setresgid (0, 0, 0) < 0 || setresuid (0, 0, 0) < 0))
    return isomer_make_error (err, errno, "become root of the user namespace (is 0 mapped?)");
  if (cgroupns && path == NULL && unshare (CLONE_NEWCGROUP) < 0)
    return isomer_make_error (err, errno, "unshare the cgroup namespace");
  if (spec_has_ns (spec, CLONE_NEWNS, NULL))
    {
      if (linux_setup_rootfs (spec, cg, cgroupns, err) < 0)
        return -1;
      if (spec->hooks)
        {
          cleanup_free char *state = hooks_state (spec->id, "creating", hook_pid, spec->bundle, spec->annotations);
          if (hooks_run (spec->hooks, "createContainer", state, err) < 0)
            return -1;
        }
      if (linux_pivot_root (spec, err) < 0)
        return -1;
    }
  else if (chroot (spec->root_path) < 0 || chdir ("/") < 0)
    return isomer_make_error (err, errno, "chroot into `%s`", spec->root_path);
  const char *netns_path = NULL;
  if (spec_has_ns (spec, CLONE_NEWNET, &netns_path) && netns_path == NULL && linux_loopback_up (err) < 0)
    return -1;
  if (spec->hostname && *spec->hostname && sethostname (spec->hostname, strlen (spec->hostname)) < 0)
    return isomer_make_error (err, errno, "sethostname `%s`", spec->hostname);
  if (spec->domainname && *spec->domainname && setdomainname (spec->domainname, strlen (spec->domainname)) < 0)
    return isomer_make_error (err, errno, "setdomainname `%s`", spec->domainname);
  if (linux_finish_rootfs (spec, err) < 0)
    return -1;
  if (proc->terminal && console_fd >= 0 && linux_setup_console (console_fd, proc, err) < 0)
    return -1;
  if (proc->has_oom_score_adj)
    {
      char buf[16];
      snprintf (buf, sizeof (buf), "%d", proc->oom_score_adj);
      if (write_file ("/proc/self/oom_score_adj", buf, strlen (buf), err) < 0)
        return -1;
    }
  if (process_apply_rlimits (proc, err) < 0)
    return -1;
  umask (proc->has_umask ? proc->umask : 022);
  if (chdir (proc->cwd) < 0)
    return isomer_make_error (err, errno, "chdir to `process.cwd` `%s`", proc->cwd);
  process_default_home ((struct spec_process *) proc);
  *exe = process_find_executable (proc, err);
  if (*exe == NULL)
    return -1;
  /* without no_new_privs the filter needs CAP_SYS_ADMIN: install it before dropping caps (as runc) */
  if (!proc->no_new_privs && seccomp_install (bpf, err) < 0)
    return -1;
  if (process_apply_user_caps (proc, err) < 0)
    return -1;
  if (chdir (proc->cwd) < 0)
    return isomer_make_error (err, errno, "chdir to `process.cwd` `%s` as uid `%u`", proc->cwd, proc->uid);
  return 0;
}

void
isomer_init_run (const struct spec *spec, const void *cgroups, const void *seccomp, int sync_fd, const char *fifo,
                 int console_fd)
{
  isomer_error_t err = NULL;
  int fifo_fd = -1;
  char go[32] = "", *exe = NULL;
  char fdpath[64];
  if (read (sync_fd, go, sizeof (go) - 1) < 1)
    _exit (1);
  hook_pid = atoi (go + 1);
  if (setup (spec, cgroups, seccomp, console_fd, fifo, &fifo_fd, &exe, &err) < 0)
    report_and_exit (sync_fd, &err);
  if (safe_write (sync_fd, "O", 1) < 0)
    _exit (1);
  close (sync_fd);
  if (console_fd >= 0)
    close (console_fd);
  snprintf (fdpath, sizeof (fdpath), "/proc/self/fd/%d", fifo_fd);
  int w = open (fdpath, O_WRONLY | O_CLOEXEC);
  if (w < 0 || write (w, "0", 1) != 1)
    {
      fprintf (stderr, "isomer-runtime: wait for `start` on exec.fifo: %s\n", strerror (errno));
      _exit (1);
    }
  close (w);
  close (fifo_fd);
  if (spec->hooks)
    {
      cleanup_free char *state = hooks_state (spec->id, "created", hook_pid, spec->bundle, spec->annotations);
      if (hooks_run (spec->hooks, "startContainer", state, &err) < 0)
        {
          cleanup_free char *text = isomer_error_text (err);
          fprintf (stderr, "isomer-runtime: %s\n", text);
          _exit (1);
        }
    }
  if ((spec->process.no_new_privs && seccomp_install (seccomp, &err) < 0) || process_exec (&spec->process, exe, &err) < 0)
    {
      cleanup_free char *text = isomer_error_text (err);
      fprintf (stderr, "isomer-runtime: %s\n", text);
      _exit (127);
    }
  _exit (127);
}
