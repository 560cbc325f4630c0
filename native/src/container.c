/* start, state, kill, delete, list, run: small moves guarded by predicates on the derived status. */
#define _GNU_SOURCE
#include "container.h"
#include "cgroup.h"
#include "exec_tty.h"
#include "hooks.h"
#include "spec.h"
#include "status.h"
#include "utils.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

/* poststart / poststop: read the bundle's hooks only when create left the `hooks` marker;
   failures are warnings (runtime spec). */
static void
post_hooks (const char *root, const char *id, const char *kind, const char *status, const struct container_status *st)
{
  cleanup_free char *marker = xasprintf ("%s/%s/" STATE_HOOKS, root, id);
  struct spec spec;
  isomer_error_t err = NULL;
  if (access (marker, F_OK) < 0)
    return;
  if (spec_load (st->bundle, &spec, &err) == 0)
    {
      cleanup_free char *state = hooks_state (id, status, strcmp (status, "stopped") ? st->pid : 0, st->bundle,
                                              spec.annotations);
      hooks_run (spec.hooks, kind, state, &err);
    }
  spec_free (&spec);
  if (err)
    {
      cleanup_free char *text = isomer_error_text (err);
      isomer_warn ("warning: %s", text);
      isomer_error_release (&err);
    }
}

int
isomer_container_start (const char *root, const char *id, isomer_error_t *err)
{
  cleanup_status struct container_status st = { 0 };
  if (status_read (root, id, &st, err) < 0)
    return -1;
  const char *status = status_derive (root, id, &st);
  if (strcmp (status, "created") != 0)
    return isomer_make_error (err, 0, "container `%s` is not created (it is `%s`)", id, status);
  cleanup_free char *fifo = xasprintf ("%s/%s/" STATE_FIFO, root, id);
  cleanup_close int fd = open (fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return isomer_make_error (err, errno, "open `%s`", fifo);
  char c;
  for (;;)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      poll (&pfd, 1, 100);
      if (read (fd, &c, 1) == 1)
        break;
      if (!status_is_alive (&st))
        return isomer_make_error (err, 0, "container `%s` exited before it could start", id);
    }
  unlink (fifo);
  post_hooks (root, id, "poststart", "running", &st);
  return 0;
}

int
isomer_container_state (const char *root, const char *id, FILE *out, isomer_error_t *err)
{
  cleanup_status struct container_status st = { 0 };
  if (status_read (root, id, &st, err) < 0)
    return -1;
  /* the OOM kills the memory controller counted, while the cgroup is there (until delete) */
  struct cgroup_set cg;
  long oom = cgroup_load (root, id, &cg, NULL) == 0 ? cgroup_oom_kills (&cg) : -1;
  cgroup_set_free (&cg);
  status_print_state (out, id, status_derive (root, id, &st), &st, oom);
  return 0;
}

int
isomer_container_kill (const char *root, const char *id, int sig, int all, isomer_error_t *err)
{
  cleanup_status struct container_status st = { 0 };
  if (status_read (root, id, &st, err) < 0)
    return -1;
  int alive = status_is_alive (&st);
  pid_t pid = st.pid;
  if (!alive)
    return isomer_make_error (err, 0, "container `%s` is not running", id);
  if (all)
    {
      struct cgroup_set cg;
      if (cgroup_load (root, id, &cg, NULL) == 0)
        cgroup_kill_all (&cg, sig);
      cgroup_set_free (&cg);
    }
  if (kill (pid, sig) < 0)
    return isomer_make_error (err, errno, "kill container `%s` (pid %d) with signal %d", id, pid, sig);
  return 0;
}

/* A state directory without status.json: a `create` that died before its shim took over.
   With --force, kill what joined its cgroups and remove them and the directory. */
static int
remove_partial (const char *root, const char *id, int force, isomer_error_t *err)
{
  struct cgroup_set cg;
  struct stat sb;
  cleanup_free char *dir = status_dir (root, id);
  if (status_validate_id (id, NULL) < 0 || stat (dir, &sb) < 0)
    return -1;
  if (!force)
    return isomer_make_error (err, 0, "container `%s` is still being created (no status.json yet): "
                                      "use `delete --force` to remove what is left of it", id);
  isomer_error_release (err);
  if (cgroup_load (root, id, &cg, NULL) == 0)
    {
      for (int i = 0; i < 100 && cgroup_kill_all (&cg, SIGKILL) > 0; i++)
        sleep_ms (5);
      cgroup_destroy (&cg, NULL);
    }
  cgroup_set_free (&cg);
  status_remove_dir (dir);
  return 0;
}

int
isomer_container_delete (const char *root, const char *id, int force, isomer_error_t *err)
{
  cleanup_status struct container_status st = { 0 };
  struct cgroup_set cg;
  if (status_read (root, id, &st, err) < 0)
    return remove_partial (root, id, force, err);
  const char *status = status_derive (root, id, &st);
  if (strcmp (status, "running") == 0 && !force)
    return isomer_make_error (err, 0, "container `%s` is running: stop it first or use `delete --force`", id);
  cgroup_load (root, id, &cg, NULL);
  if (strcmp (status, "stopped") != 0)
    {
      kill (st.pid, SIGKILL);
      cgroup_kill_all (&cg, SIGKILL);
      for (int i = 0; i < 10000 && status_is_alive (&st); i++)
        sleep_ms (1);
    }
  /* processes that outlived init (no pid namespace) */
  for (int i = 0; i < 100 && cgroup_kill_all (&cg, SIGKILL) > 0; i++)
    sleep_ms (5);
  int ret = cgroup_destroy (&cg, err);
  cgroup_set_free (&cg);
  post_hooks (root, id, "poststop", "stopped", &st);
  cleanup_free char *dir = status_dir (root, id);
  status_remove_dir (dir);
  if (ret < 0)
    return isomer_error_wrap (err, "delete container `%s`", id);
  return 0;
}

int
isomer_container_list (const char *root, int json, int quiet, FILE *out, isomer_error_t *err)
{
  DIR *d = opendir (root);
  struct dirent *de;
  int first = 1;
  /* a missing root lists nothing; one that cannot be read (another user's) is an error, not an
     empty list that would look like "no containers" */
  if (d == NULL && errno != ENOENT)
    return isomer_make_error (err, errno, "list the containers in `%s`", root);
  if (json)
    fputc ('[', out);
  else if (!quiet)
    fprintf (out, "%-24s %-8s %-10s %-40s %-22s %s\n", "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER");
  while (d && (de = readdir (d)))
    {
      cleanup_status struct container_status st = { 0 };
      isomer_error_t ignored = NULL;
      if (de->d_name[0] == '.' || status_read (root, de->d_name, &st, &ignored) < 0)
        {
          isomer_error_release (&ignored);
          continue;
        }
      const char *status = status_derive (root, de->d_name, &st);
      pid_t pid = strcmp (status, "stopped") ? st.pid : 0;
      if (json)
        {
          fprintf (out, "%s{\"ociVersion\":\"1.0.2\",\"id\":", first ? "" : ",");
          json_write_string (out, de->d_name);
          fprintf (out, ",\"pid\":%d,\"status\":\"%s\",\"bundle\":", pid, status);
          json_write_string (out, st.bundle);
          fputs (",\"rootfs\":", out);
          json_write_string (out, st.rootfs);
          fputs (",\"created\":", out);
          json_write_string (out, st.created);
          fprintf (out, ",\"owner\":\"root\",\"annotations\":%s}", st.annotations);
        }
      else if (quiet)
        fprintf (out, "%s\n", de->d_name);
      else
        fprintf (out, "%-24s %-8d %-10s %-40s %-22s root\n", de->d_name, pid, status, st.bundle, st.created);
      first = 0;
    }
  if (d)
    closedir (d);
  if (json)
    fputs ("]\n", out);
  return 0;
}

/* Receive one fd sent with SCM_RIGHTS; -1 when none came. */
static int
recv_fd (int sock)
{
  char c, buf[CMSG_SPACE (sizeof (int))];
  struct iovec iov = { &c, 1 };
  struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = buf, .msg_controllen = sizeof (buf) };
  if (recvmsg (sock, &msg, MSG_CMSG_CLOEXEC) <= 0)
    return -1;
  struct cmsghdr *cm = CMSG_FIRSTHDR (&msg);
  int fd = -1;
  if (cm && cm->cmsg_type == SCM_RIGHTS)
    memcpy (&fd, CMSG_DATA (cm), sizeof (int));
  return fd;
}

int
isomer_container_run (const struct create_options *opts, int detach, int *exit_code, isomer_error_t *err)
{
  struct create_options o = *opts;
  cleanup_status struct container_status st = { 0 };
  pid_t shim;
  int status, pair = -1, master = -1;
  o.keep_shim_child = !detach;
  o.console_pair = detach ? NULL : &pair;
  if (isomer_container_create (&o, &shim, err) < 0)
    return -1;
  if (isomer_container_start (opts->root, opts->id, err) < 0)
    {
      isomer_container_delete (opts->root, opts->id, 1, NULL);
      return -1;
    }
  *exit_code = 0;
  if (detach)
    return 0;
  if (status_read (opts->root, opts->id, &st, err) == 0)
    {
      forward_signals_to (st.pid, 1);
    }
  if (pair >= 0 && (master = recv_fd (pair)) >= 0)
    exec_tty_proxy (master, shim);
  if (pair >= 0)
    close (pair);
  while (waitpid (shim, &status, 0) < 0 && errno == EINTR)
    ;
  *exit_code = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
  isomer_error_t ignored = NULL;
  isomer_container_delete (opts->root, opts->id, 1, &ignored);
  isomer_error_release (&ignored);
  return 0;
}

int
parse_signal (const char *s)
{
  static const struct { const char *name; int sig; } table[] = {
    { "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "ILL", SIGILL }, { "TRAP", SIGTRAP },
    { "ABRT", SIGABRT }, { "BUS", SIGBUS }, { "FPE", SIGFPE }, { "KILL", SIGKILL }, { "USR1", SIGUSR1 },
    { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 }, { "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
    { "STKFLT", SIGSTKFLT }, { "CHLD", SIGCHLD }, { "CONT", SIGCONT }, { "STOP", SIGSTOP }, { "TSTP", SIGTSTP },
    { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU }, { "URG", SIGURG }, { "XCPU", SIGXCPU }, { "XFSZ", SIGXFSZ },
    { "VTALRM", SIGVTALRM }, { "PROF", SIGPROF }, { "WINCH", SIGWINCH }, { "IO", SIGIO }, { "PWR", SIGPWR },
    { "SYS", SIGSYS },
  };
  long long n;
  if (parse_int64 (s, &n) == 0)
    return n > 0 && n < _NSIG ? (int) n : -1;
  if (strncasecmp (s, "SIG", 3) == 0)
    s += 3;
  if (strncasecmp (s, "RTMIN", 5) == 0 || strncasecmp (s, "RTMAX", 5) == 0)
    {
      int base = strncasecmp (s, "RTMIN", 5) == 0 ? SIGRTMIN : SIGRTMAX;
      long off = s[5] ? strtol (s + 5, NULL, 10) : 0;
      return base + (int) off;
    }
  for (size_t i = 0; i < sizeof (table) / sizeof (table[0]); i++)
    if (strcasecmp (table[i].name, s) == 0)
      return table[i].sig;
  return -1;
}
