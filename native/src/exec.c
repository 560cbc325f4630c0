/* `exec`: the hot path. Reads only exec.conf (written at create), joins the container's cgroups
   and namespaces, forks, drops privileges, execs; stdio passes straight through unless --tty. */
#define _GNU_SOURCE
#include "cgroup.h"
#include "container.h"
#include "process.h"
#include "seccomp.h"
#include "status.h"
#include "utils.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <linux/sched.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "exec_conf.h"
#include "exec_tty.h"

static void
set_env (struct spec_process *p, const char *kv)
{
  size_t klen = strcspn (kv, "=");
  for (size_t i = 0; i < p->n_env; i++)
    if (strncmp (p->env[i], kv, klen) == 0 && p->env[i][klen] == '=')
      {
        free (p->env[i]);
        p->env[i] = xstrdup (kv);
        return;
      }
  p->env = xrealloc (p->env, (p->n_env + 2) * sizeof (char *));
  p->env[p->n_env++] = xstrdup (kv);
  p->env[p->n_env] = NULL;
}

static int
apply_options (const struct exec_options *o, struct spec_process *p, isomer_error_t *err)
{
  if (o->process_file)
    {
      cleanup_free char *text = NULL;
      struct spec_process fromfile = { 0 };
      if (read_all_file (o->process_file, &text, NULL, err) < 0)
        return -1;
      json_value *v = json_parse (text, err);
      if (v == NULL)
        return isomer_error_wrap (err, "parse `%s`", o->process_file);
      int ret = spec_parse_process (v, &fromfile, err);
      json_free (v);
      if (ret < 0)
        return isomer_error_wrap (err, "`%s`", o->process_file);
      if (fromfile.n_rlimits == 0)
        {
          fromfile.rlimits = p->rlimits;
          fromfile.n_rlimits = p->n_rlimits;
        }
      if (!fromfile.has_caps)
        {
          fromfile.has_caps = p->has_caps;
          memcpy (fromfile.caps, p->caps, sizeof (p->caps));
        }
      *p = fromfile;
    }
  else
    {
      p->args = xcalloc (o->n_argv + 1, sizeof (char *));
      for (size_t i = 0; i < o->n_argv; i++)
        p->args[i] = o->argv[i];
      p->n_args = o->n_argv;
    }
  for (size_t i = 0; i < o->n_env; i++)
    set_env (p, o->env[i]);
  if (o->cwd)
    p->cwd = xstrdup (o->cwd);
  if (o->user)
    {
      unsigned uid, gid;
      int n = sscanf (o->user, "%u:%u", &uid, &gid);
      if (n < 1)
        return isomer_make_error (err, 0, "expected `--user` as UID[:GID] (numbers), got `%s`", o->user);
      p->uid = uid;
      p->gid = n == 2 ? gid : 0;
    }
  if (p->n_args == 0)
    return isomer_make_error (err, 0, "expected a command to run after the container id");
  if (p->cwd == NULL)
    p->cwd = xstrdup ("/");
  return 0;
}

/* What the exec'd process is born into: on pure v2 the container's cgroup and, for when that is
   an inner node (a systemd inside moved itself to init.scope and enabled controllers below),
   init's own cgroup, both opened from the host's view; the user and cgroup namespaces the child
   joins itself after the clone. */
struct exec_target
{
  int cgroup_fd, init_cgroup_fd, userns_fd, cgroupns_fd;
};

/* Join the container's cgroups (v1 and hybrid: migrate ourselves now, from the host's view) and
   every namespace but user and cgroup: the clone into the container's cgroup has to be done with
   the host's credentials and from the host's cgroup namespace (under `nsdelegate` the kernel
   refuses, with ENOENT, a clone or migration from a cgroup outside the caller's cgroup namespace;
   and a user namespace that does not map host root cannot write the host's cgroup.procs). */
static int
join_container (const char *root, const char *id, pid_t pid, struct exec_target *t, isomer_error_t *err)
{
  static const struct { const char *name; int flag; } nss[] = {
    { "user", CLONE_NEWUSER }, { "ipc", CLONE_NEWIPC }, { "uts", CLONE_NEWUTS }, { "net", CLONE_NEWNET },
    { "pid", CLONE_NEWPID }, { "cgroup", CLONE_NEWCGROUP }, { "mnt", CLONE_NEWNS },
  };
  enum { N_NS = sizeof (nss) / sizeof (nss[0]) };
  int fds[N_NS];
  char path[64];
  *t = (struct exec_target){ -1, -1, -1, -1 };
  for (int i = 0; i < N_NS; i++)
    {
      struct stat a, b;
      snprintf (path, sizeof (path), "/proc/%d/ns/%s", pid, nss[i].name);
      fds[i] = open (path, O_RDONLY | O_CLOEXEC);
      if (fds[i] < 0 && (errno == ENOENT || errno == ESRCH))
        return isomer_make_error (err, 0, "the container is not running (its init, pid %d, is gone)", pid);
      if (fds[i] < 0)
        return isomer_make_error (err, errno, "open namespace `%s`", path);
      snprintf (path, sizeof (path), "/proc/self/ns/%s", nss[i].name);
      if (fstat (fds[i], &a) == 0 && stat (path, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev)
        {
          close (fds[i]);
          fds[i] = -1;
        }
    }
  struct cgroup_set cg;
  if (cgroup_load (root, id, &cg, err) < 0)
    return -1;
  int ret = 0;
  /* pure v2: the child is born in the cgroup (clone3 CLONE_INTO_CGROUP), which spares the
     migration of a running process and its RCU grace period, the largest cost of an exec */
  if (cg.n == 1 && cg.dirs[0].v2)
    {
      t->cgroup_fd = open (cg.dirs[0].dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
      cleanup_free char *init_dir = cgroup_v2_dir_of (&cg.dirs[0], pid);
      if (init_dir && strcmp (init_dir, cg.dirs[0].dir) != 0)
        t->init_cgroup_fd = open (init_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
      if (t->cgroup_fd < 0)
        ret = isomer_make_error (err, errno, "open the container's cgroup `%s`", cg.dirs[0].dir);
    }
  else
    ret = cgroup_enter (&cg, getpid (), pid, err);
  cgroup_set_free (&cg);
  if (ret < 0)
    return ret;
  /* an ordinary user (rootless) has no capability over the container's other namespaces but
     the one its user namespace gives: join that first (its cgroups, if any, are the user's own) */
  if (fds[0] >= 0 && geteuid () != 0)
    {
      if (setns (fds[0], CLONE_NEWUSER) < 0)
        return isomer_make_error (err, errno, "join the `user` namespace of pid %d", pid);
      close (fds[0]);
      fds[0] = -1;
    }
  for (int i = 0; i < N_NS; i++)
    if (fds[i] >= 0 && nss[i].flag == CLONE_NEWUSER)
      t->userns_fd = fds[i];
    else if (fds[i] >= 0 && nss[i].flag == CLONE_NEWCGROUP)
      t->cgroupns_fd = fds[i];
    else if (fds[i] >= 0)
      {
        if (setns (fds[i], nss[i].flag) < 0)
          return isomer_make_error (err, errno, "join the `%s` namespace of pid %d", nss[i].name, pid);
        close (fds[i]);
      }
  return 0;
}

/* In the child: the user namespace, then the cgroup namespace (its own capabilities there). */
static int
join_child_namespaces (const struct exec_target *t, isomer_error_t *err)
{
  if (t->userns_fd >= 0 && setns (t->userns_fd, CLONE_NEWUSER) < 0)
    return isomer_make_error (err, errno, "join the container's `user` namespace");
  if (t->cgroupns_fd >= 0 && setns (t->cgroupns_fd, CLONE_NEWCGROUP) < 0)
    return isomer_make_error (err, errno, "join the container's `cgroup` namespace");
  return 0;
}

/* fork, retrying what a loaded host or a full pids cgroup makes transient (EAGAIN, ENOMEM, EINTR)
   for up to ~2 s; with a cgroup fd, clone3 CLONE_INTO_CGROUP */
static pid_t
fork_retrying (int cgroup_fd)
{
  struct clone_args args = { .flags = CLONE_INTO_CGROUP, .exit_signal = SIGCHLD, .cgroup = (uint64_t) cgroup_fd };
  for (int attempt = 0;; attempt++)
    {
      pid_t child = cgroup_fd >= 0 ? syscall (SYS_clone3, &args, sizeof (args)) : fork ();
      if (child >= 0 || (errno != EAGAIN && errno != ENOMEM && errno != EINTR) || attempt >= 200)
        return child;
      sleep_ms (attempt < 10 ? 1 : 10);
    }
}

/* Pure v2: fork straight into the container's cgroup; on EBUSY (it is an inner node now) into
   init's cgroup; on a kernel without clone3 / CLONE_INTO_CGROUP, migrate ourselves (same order)
   and fork. */
static pid_t
fork_into_cgroup (const struct exec_target *t, isomer_error_t *err)
{
  const int fds[2] = { t->cgroup_fd, t->init_cgroup_fd };
  int saved = 0;
  for (int i = 0; i < 2; i++)
    {
      if (fds[i] < 0)
        continue;
      pid_t child = fork_retrying (fds[i]);
      if (child >= 0)
        return child;
      saved = errno;
      if (errno == ENOSYS || errno == EINVAL || errno == E2BIG)
        break;
      if (errno != EBUSY)
        return isomer_make_error (err, errno, "clone into the container's cgroup");
    }
  if (saved == EBUSY)
    return isomer_make_error (err, EBUSY, "clone into the container's cgroup (and its init's)");
  for (int i = 0; i < 2; i++)
    if (fds[i] >= 0 && cgroup_enter_fd (fds[i], getpid ()) == 0)
      {
        pid_t child = fork_retrying (-1);
        return child >= 0 ? child : isomer_make_error (err, errno, "fork the process");
      }
  return isomer_make_error (err, errno, "join the container's cgroup");
}

int
isomer_container_exec (const struct exec_options *o, int *exit_code, isomer_error_t *err)
{
  struct spec_process p;
  pid_t pid = 0;
  unsigned long long start = 0;
  int master = -1, status;
  struct exec_target target;
  char slave[128];
  if (exec_conf_read (o->root, o->id, &pid, &start, &p, err) < 0)
    return isomer_error_wrap (err, "exec");
  if (pid <= 0 || process_start_time (pid) != start)
    return isomer_make_error (err, 0, "exec: container `%s` is not running", o->id);
  /* the console socket lives on the host: connect before joining the mount namespace */
  cleanup_close int console = -1;
  if (o->console_socket && (console = unix_connect (o->console_socket, err)) < 0)
    return isomer_error_wrap (err, "exec: container `%s`", o->id);
  struct seccomp_bpf bpf;
  cleanup_free char *bpf_path = xasprintf ("%s/%s/" STATE_SECCOMP, o->root, o->id);
  if (apply_options (o, &p, err) < 0 || seccomp_read (bpf_path, &bpf, err) < 0
      || join_container (o->root, o->id, pid, &target, err) < 0)
    return isomer_error_wrap (err, "exec: container `%s`", o->id);
  process_default_home (&p);
  int tty = o->tty || p.terminal;
  if (tty && exec_tty_prepare (&master, slave, sizeof (slave), err) < 0)
    return isomer_error_wrap (err, "exec: container `%s`", o->id);
  fflush (NULL);
  pid_t exec_child = target.cgroup_fd >= 0 ? fork_into_cgroup (&target, err) : fork_retrying (-1);
  if (exec_child < 0 && target.cgroup_fd < 0)
    isomer_make_error (err, errno, "fork the process");
  if (exec_child < 0)
    return isomer_error_wrap (err, "exec: container `%s`", o->id);
  if (exec_child == 0)
    {
      isomer_error_t cerr = NULL;
      char *exe = NULL;
      if (join_child_namespaces (&target, &cerr) < 0)
        ;
      else if (tty && exec_tty_child (slave) < 0)
        isomer_make_error (&cerr, errno, "open terminal `%s`", slave);
      else if (process_apply_rlimits (&p, &cerr) < 0)
        ;
      else if (chdir (p.cwd) < 0)
        isomer_make_error (&cerr, errno, "chdir to `%s`", p.cwd);
      else if ((p.no_new_privs || seccomp_install (&bpf, &cerr) >= 0) && process_apply_user_caps (&p, &cerr) >= 0
               && (exe = process_find_executable (&p, &cerr)) != NULL
               && (!p.no_new_privs || seccomp_install (&bpf, &cerr) >= 0))
        process_exec (&p, exe, &cerr);
      cleanup_free char *text = isomer_error_text (cerr);
      fprintf (stderr, "isomer-runtime: exec: container `%s`: %s\n", o->id, text);
      _exit (cerr && cerr->status == ENOENT ? 127 : 126);
    }
  if (o->pid_file)
    {
      char buf[16];
      snprintf (buf, sizeof (buf), "%d", exec_child);
      write_file_atomic (o->pid_file, buf, strlen (buf), NULL);
    }
  *exit_code = 0;
  if (o->detach)
    return 0;
  forward_signals_to (exec_child, 0);
  if (master >= 0 && console >= 0)
    {
      /* the caller proxies the terminal itself (runc's --console-socket) */
      if (send_fd (console, master) < 0)
        return isomer_make_error (err, errno, "exec: container `%s`: send the pty to `--console-socket`", o->id);
      close (master);
    }
  else if (master >= 0)
    exec_tty_proxy (master, exec_child);
  while (waitpid (exec_child, &status, 0) < 0)
    if (errno != EINTR)
      return isomer_make_error (err, errno, "exec: container `%s`: wait for pid %d", o->id, exec_child);
  *exit_code = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
  return 0;
}
