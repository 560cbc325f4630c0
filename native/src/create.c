/* `create`: state dir, cgroups, then the shim, which clones the container's init, waits for it to be
   ready, records the state and stays behind to reap it and record its exit status. */
#define _GNU_SOURCE
#include "cgroup.h"
#include "hooks.h"
#include "seccomp.h"
#include "shim.h"
#include "container.h"
#include "exec_conf.h"
#include "status.h"
#include "userns.h"
#include "utils.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <linux/sched.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>


static int
clone_flags (const struct spec *spec, int *pid_join_fd, isomer_error_t *err)
{
  int flags = 0;
  for (size_t i = 0; i < spec->n_namespaces; i++)
    {
      const struct spec_namespace *ns = &spec->namespaces[i];
      if (ns->flag == CLONE_NEWUSER && ns->path == NULL && spec->uid_map == NULL)
        return isomer_make_error (err, 0, "a new user namespace needs `linux.uidMappings` and `linux.gidMappings`");
      if (ns->flag == CLONE_NEWPID && ns->path)
        {
          *pid_join_fd = open (ns->path, O_RDONLY | O_CLOEXEC);
          if (*pid_join_fd < 0)
            return isomer_make_error (err, errno, "open namespace `%s`", ns->path);
        }
      else if (ns->path == NULL && ns->flag != CLONE_NEWCGROUP)
        flags |= ns->flag;
    }
  return flags;
}

/* A user namespace given by path (rootless: the scenario network holder's) is joined by the shim
   before the clone, so that the container's new namespaces (net, mount, pid...) belong to it; an
   ordinary user could not make them in the host's user namespace. */
static int
join_user_namespace (const struct spec *spec, isomer_error_t *err)
{
  for (size_t i = 0; i < spec->n_namespaces; i++)
    {
      const struct spec_namespace *ns = &spec->namespaces[i];
      if (ns->flag != CLONE_NEWUSER || ns->path == NULL)
        continue;
      cleanup_close int fd = open (ns->path, O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        return isomer_make_error (err, errno, "open namespace `%s`", ns->path);
      if (setns (fd, CLONE_NEWUSER) < 0)
        return isomer_make_error (err, errno, "join user namespace `%s`", ns->path);
    }
  return 0;
}

/* A new user namespace: write init's id maps, give the container's root its cgroups. */
static int
userns_setup (const struct spec *spec, const struct cgroup_set *cg, pid_t child, isomer_error_t *err)
{
  static const char *const files[] = { "", "/cgroup.procs", "/tasks", "/cgroup.subtree_control", "/cgroup.threads" };
  if (userns_write_maps (child, spec->uid_map, spec->gid_map, err) < 0)
    return -1;
  for (size_t i = 0; i < cg->n; i++)
    for (size_t k = 0; k < sizeof (files) / sizeof (files[0]); k++)
      {
        cleanup_free char *p = xasprintf ("%s%s", cg->dirs[i].dir, files[k]);
        if (chown (p, spec->root_host_uid, spec->root_host_gid) < 0 && errno != ENOENT)
          return isomer_make_error (err, errno, "chown cgroup `%s` to the container's root", p);
      }
  return 0;
}

/* The shim's part of create; reports "O<pid>" or "E<error>" on `ready`. */
static void __attribute__ ((noreturn))
shim_main (const struct create_options *opts, struct spec *spec, struct cgroup_set *cg, struct seccomp_bpf *bpf,
           const char *dir, int ready, int console_fd)
{
  isomer_error_t err = NULL;
  int sync[2], pid_join_fd = -1, flags;
  cleanup_free char *fifo = xasprintf ("%s/" STATE_FIFO, dir);
  char msg[4096];
  pid_t child = -1;
  if (!opts->keep_shim_child)
    setsid ();
  prctl (PR_SET_NAME, "isomer-shim", 0, 0, 0);
  /* never pin the caller's working directory (it may be a mount point to be removed) */
  if (chdir ("/") < 0)
    {
      isomer_make_error (&err, errno, "chdir `/`");
      goto fail;
    }
  signal (SIGPIPE, SIG_IGN);
  flags = clone_flags (spec, &pid_join_fd, &err);
  if (flags < 0)
    goto fail;
  if (pid_join_fd >= 0 && setns (pid_join_fd, CLONE_NEWPID) < 0)
    {
      isomer_make_error (&err, errno, "join pid namespace");
      goto fail;
    }
  if (join_user_namespace (spec, &err) < 0)
    goto fail;
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sync) < 0)
    {
      isomer_make_error (&err, errno, "socketpair");
      goto fail;
    }
  /* pure v2: born in its cgroup (no migration, no RCU grace period); else clone, then cgroup.procs */
  int born_in_cgroup = 0;
  if (cg->n == 1 && cg->dirs[0].v2 && !cg->dirs[0].systemd)
    {
      int cgfd = open (cg->dirs[0].dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
      struct clone_args args = { .flags = (uint64_t) flags | CLONE_INTO_CGROUP, .exit_signal = SIGCHLD,
                                 .cgroup = (uint64_t) cgfd };
      child = cgfd >= 0 ? syscall (SYS_clone3, &args, sizeof (args)) : -1;
      born_in_cgroup = child >= 0;
      if (cgfd >= 0 && child != 0)
        close (cgfd);
    }
  if (!born_in_cgroup)
    child = syscall (SYS_clone, (unsigned long) flags | SIGCHLD, NULL, NULL, NULL, NULL);
  if (child < 0)
    {
      isomer_make_error (&err, errno, "clone the container process with namespace flags %#x", flags);
      goto fail;
    }
  if (child == 0)
    {
      close (sync[0]);
      close (ready);
      isomer_init_run (spec, cg, bpf, sync[1], fifo, console_fd);
    }
  close (sync[1]);
  if (!born_in_cgroup && cgroup_attach (spec, cg, child, &err) < 0)
    goto fail;
  if ((flags & CLONE_NEWUSER) && userns_setup (spec, cg, child, &err) < 0)
    goto fail;
  if (spec->hooks)
    {
      cleanup_free char *state = hooks_state (opts->id, "creating", child, spec->bundle, spec->annotations);
      if (hooks_run (spec->hooks, "prestart", state, &err) < 0 || hooks_run (spec->hooks, "createRuntime", state, &err) < 0)
        goto fail;
    }
  snprintf (msg, sizeof (msg), "g%d", child);
  if (safe_write (sync[0], msg, strlen (msg)) < 0)
    goto fail;
  ssize_t n = read (sync[0], msg, sizeof (msg) - 1);
  msg[n > 0 ? n : 0] = '\0';
  if (n <= 0 || msg[0] != 'O')
    {
      isomer_error_from_text (&err, n > 0 ? msg + 1 : "the container process exited during setup");
      goto fail;
    }
  close (sync[0]);
  struct container_status st = { .pid = child, .start_time = process_start_time (child), .bundle = spec->bundle,
                                 .rootfs = spec->root_path };
  char created[64];
  time_t now = time (NULL);
  strftime (created, sizeof (created), "%Y-%m-%dT%H:%M:%SZ", gmtime (&now));
  st.created = created;
  cleanup_free char *ann = status_annotations_text (spec->annotations);
  st.annotations = ann;
  if (exec_conf_write (dir, spec, child, st.start_time) < 0 || status_write (dir, &st, &err) < 0)
    {
      if (err == NULL)
        isomer_make_error (&err, errno, "write `%s/exec.conf`", dir);
      goto fail;
    }
  snprintf (msg, sizeof (msg), "O%d", child);
  safe_write (ready, msg, strlen (msg));
  close (ready);
  shim_wait_forever (dir, child);

fail:
  if (child > 0)
    {
      kill (child, SIGKILL);
      waitpid (child, NULL, 0);
    }
  cleanup_free char *text = isomer_error_text (err);
  snprintf (msg, sizeof (msg), "E%s", text);
  safe_write (ready, msg, strlen (msg));
  _exit (1);
}

int
isomer_container_create (const struct create_options *opts, pid_t *shim, isomer_error_t *err)
{
  struct spec spec;
  struct cgroup_set cg = { 0 };
  struct seccomp_bpf bpf = { 0 };
  cleanup_free char *bpf_path = NULL;
  cleanup_free char *dir = status_dir (opts->root, opts->id), *fifo = NULL, *cgtext = NULL, *cgfile = NULL;
  int ready[2], console_fd = -1, ret;
  char msg[4096];
  if (status_validate_id (opts->id, err) < 0)
    return -1;
  ret = spec_load (opts->bundle ? opts->bundle : ".", &spec, err);
  if (UNLIKELY (ret < 0))
    return ret;
  if (spec.process.terminal && opts->console_socket == NULL && opts->console_pair == NULL)
    {
      spec_free (&spec);
      return isomer_make_error (err, 0, "`process.terminal` is true but no `--console-socket` was given "
                                        "(set terminal to false, or pass a unix socket to receive the pty)");
    }
  if (mkdir_p (opts->root, 0700, err) < 0)
    return spec_free (&spec), -1;
  if (mkdir (dir, 0700) < 0)
    {
      ret = errno == EEXIST ? isomer_make_error (err, 0, "container `%s` already exists", opts->id)
                            : isomer_make_error (err, errno, "mkdir state directory `%s`", dir);
      spec_free (&spec);
      return ret;
    }
  spec.id = (char *) opts->id;
  if (hooks_present (spec.hooks))
    {
      cleanup_free char *marker = xasprintf ("%s/" STATE_HOOKS, dir);
      if ((ret = write_file (marker, "1", 1, err)) < 0)
        goto fail;
    }
  fifo = xasprintf ("%s/" STATE_FIFO, dir);
  /* 0622 despite the umask: a user namespace's root must be able to open it for writing */
  if (mkfifo (fifo, 0622) < 0 || chmod (fifo, 0622) < 0)
    {
      ret = isomer_make_error (err, errno, "mkfifo `%s`", fifo);
      goto fail;
    }
  bpf_path = xasprintf ("%s/" STATE_SECCOMP, dir);
  if ((ret = seccomp_compile (spec.seccomp, bpf_path, &bpf, err)) < 0)
    goto fail;
  if ((ret = cgroup_create (&spec, opts->id, &cg, err)) < 0)
    goto fail;
  cgtext = cgroup_serialize (&cg);
  cgfile = xasprintf ("%s/" STATE_CGROUPS, dir);
  if ((ret = write_file (cgfile, cgtext, strlen (cgtext), err)) < 0)
    goto fail;
  if (spec.process.terminal && opts->console_socket == NULL && opts->console_pair)
    {
      int pair[2];
      if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0)
        {
          ret = isomer_make_error (err, errno, "socketpair for the console");
          goto fail;
        }
      *opts->console_pair = pair[0];
      console_fd = pair[1];
    }
  else if (opts->console_socket && (console_fd = unix_connect (opts->console_socket, err)) < 0)
    {
      ret = -1;
      goto fail;
    }
  if (pipe2 (ready, O_CLOEXEC) < 0)
    {
      ret = isomer_make_error (err, errno, "pipe");
      goto fail;
    }
  fflush (NULL);
  pid_t pid = fork ();
  if (pid < 0)
    {
      ret = isomer_make_error (err, errno, "fork the shim");
      goto fail;
    }
  if (pid == 0)
    {
      close (ready[0]);
      shim_main (opts, &spec, &cg, &bpf, dir, ready[1], console_fd);
    }
  close (ready[1]);
  if (console_fd >= 0)
    close (console_fd);
  ssize_t n, total = 0;
  while ((n = read (ready[0], msg + total, sizeof (msg) - 1 - total)) > 0)
    total += n;
  msg[total] = '\0';
  close (ready[0]);
  if (total == 0 || msg[0] != 'O')
    {
      waitpid (pid, NULL, 0);
      ret = total > 0 ? isomer_error_from_text (err, msg + 1) : isomer_make_error (err, 0, "the shim died during create");
      goto fail;
    }
  if (opts->pid_file)
    {
      cleanup_free char *text = xasprintf ("%s", msg + 1);
      if ((ret = write_file_atomic (opts->pid_file, text, strlen (text), err)) < 0)
        {
          kill (atoi (msg + 1), SIGKILL);
          goto fail;
        }
    }
  *shim = pid;
  free (bpf.data);
  cgroup_set_free (&cg);
  spec_free (&spec);
  return 0;

fail:
  free (bpf.data);
  cgroup_kill_all (&cg, SIGKILL);
  cgroup_destroy (&cg, NULL);
  cgroup_set_free (&cg);
  status_remove_dir (dir);
  spec_free (&spec);
  return isomer_error_wrap (err, "create container `%s`", opts->id);
}
