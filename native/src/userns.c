/* User namespaces: id maps and `unshare` (see userns.h). An unprivileged caller may map only its
   own ids by itself; its subordinate ranges (/etc/subuid, /etc/subgid) are written by the setuid
   helpers of Debian's package uidmap, which check them, as podman and util-linux's unshare do. */
#define _GNU_SOURCE
#include "userns.h"
#include "utils.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>

/* Run `helper pid c h n ...` (newuidmap/newgidmap) from the mapping lines in `map`. */
static int
run_map_helper (const char *helper, pid_t pid, const char *map, isomer_error_t *err)
{
  char *argv[3 + 3 * 64 + 1];
  size_t n = 0;
  cleanup_free char *copy = xstrdup (map), *pidtext = xasprintf ("%d", pid);
  argv[n++] = (char *) helper;
  argv[n++] = pidtext;
  char *save = NULL;
  for (char *tok = strtok_r (copy, " \t\n", &save); tok && n < sizeof (argv) / sizeof (argv[0]) - 1;
       tok = strtok_r (NULL, " \t\n", &save))
    argv[n++] = tok;
  argv[n] = NULL;
  fflush (NULL);
  pid_t child = fork ();
  if (child < 0)
    return isomer_make_error (err, errno, "fork `%s`", helper);
  if (child == 0)
    {
      execvp (helper, argv);
      _exit (errno == ENOENT ? 127 : 126);
    }
  int status = 0;
  while (waitpid (child, &status, 0) < 0)
    if (errno != EINTR)
      return isomer_make_error (err, errno, "wait for `%s`", helper);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    return 0;
  if (WIFEXITED (status) && WEXITSTATUS (status) == 127)
    return isomer_make_error (err, 0, "`%s` is not installed: rootless containers need it (Debian package uidmap)", helper);
  cleanup_free char *flat = xstrdup (map);
  for (char *p = flat; *p; p++)
    if (*p == '\n')
      *p = ' ';
  size_t l = strlen (flat);
  while (l > 0 && flat[l - 1] == ' ')
    flat[--l] = '\0';
  return isomer_make_error (err, 0,
                            "`%s %d %s` failed (%s %d): the mapping must be your own id plus a range that "
                            "/etc/sub%cid gives you, and `%s` must be setuid root (package uidmap)",
                            helper, pid, flat, WIFEXITED (status) ? "exit code" : "signal",
                            WIFEXITED (status) ? WEXITSTATUS (status) : WTERMSIG (status), helper[3] == 'u' ? 'u' : 'g',
                            helper);
}

int
userns_write_maps (pid_t pid, const char *uid_map, const char *gid_map, isomer_error_t *err)
{
  char path[64];
  if (geteuid () != 0)
    {
      if (run_map_helper ("newuidmap", pid, uid_map, err) < 0)
        return isomer_error_wrap (err, "write `linux.uidMappings`");
      if (gid_map && run_map_helper ("newgidmap", pid, gid_map, err) < 0)
        return isomer_error_wrap (err, "write `linux.gidMappings`");
      return 0;
    }
  snprintf (path, sizeof (path), "/proc/%d/uid_map", pid);
  if (write_file (path, uid_map, strlen (uid_map), err) < 0)
    return isomer_error_wrap (err, "write `linux.uidMappings`");
  snprintf (path, sizeof (path), "/proc/%d/gid_map", pid);
  if (gid_map && write_file (path, gid_map, strlen (gid_map), err) < 0)
    return isomer_error_wrap (err, "write `linux.gidMappings`");
  return 0;
}

int
userns_add_mapping (char **map, const char *arg, const char *option, isomer_error_t *err)
{
  unsigned long c, h, n;
  char tail;
  if (sscanf (arg, "%lu:%lu:%lu%c", &c, &h, &n, &tail) != 3 || n == 0)
    return isomer_make_error (err, 0, "expected `--%s` to be CONTAINER:HOST:SIZE (e.g. `0:1000:1`), got `%s`", option, arg);
  char *next = xasprintf ("%s%lu %lu %lu\n", *map ? *map : "", c, h, n);
  free (*map);
  *map = next;
  return 0;
}

int
userns_unshare_exec (const struct unshare_options *opts, isomer_error_t *err)
{
  int go[2], done[2];
  if (opts->uid_map == NULL)
    return isomer_make_error (err, 0, "unshare: expected at least one `--uid-map CONTAINER:HOST:SIZE`");
  if (pipe2 (go, O_CLOEXEC) < 0 || pipe2 (done, O_CLOEXEC) < 0)
    return isomer_make_error (err, errno, "pipe");
  pid_t self = getpid ();
  fflush (NULL);
  pid_t helper = fork ();
  if (helper < 0)
    return isomer_make_error (err, errno, "fork the id map writer");
  if (helper == 0)
    {
      /* the writer: waits until the parent has its user namespace, maps it, reports */
      char c;
      isomer_error_t e = NULL;
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      close (go[1]);
      close (done[0]);
      if (read (go[0], &c, 1) != 1)
        _exit (1);
      if (userns_write_maps (self, opts->uid_map, opts->gid_map, &e) < 0)
        {
          cleanup_free char *text = isomer_error_text (e);
          safe_write (done[1], text, strlen (text));
          _exit (1);
        }
      safe_write (done[1], "O", 1);
      _exit (0);
    }
  close (go[0]);
  close (done[1]);
  int flags = CLONE_NEWUSER | CLONE_NEWNS | (opts->net ? CLONE_NEWNET : 0);
  int ret = 0;
  char msg[4096];
  if (unshare (flags) < 0)
    ret = isomer_make_error (err, errno, "unshare the user and mount namespaces");
  if (safe_write (go[1], ret < 0 ? "X" : "G", 1) < 0 && ret == 0)
    ret = isomer_make_error (err, errno, "signal the id map writer");
  close (go[1]);
  ssize_t n = 0, got;
  while ((got = read (done[0], msg + n, sizeof (msg) - 1 - n)) > 0)
    n += got;
  msg[n] = '\0';
  close (done[0]);
  waitpid (helper, NULL, 0);
  if (ret < 0)
    return ret;
  if (n == 0 || msg[0] != 'O')
    return isomer_error_from_text (err, n > 0 ? msg : "the id map writer exited without an answer");
  if (setresgid (0, 0, 0) < 0 || setresuid (0, 0, 0) < 0)
    return isomer_make_error (err, errno, "become root of the new user namespace (is 0 mapped?)");
  /* nothing mounted in here propagates back to the caller's namespace */
  if (mount (NULL, "/", NULL, MS_PRIVATE | MS_REC, NULL) < 0)
    return isomer_make_error (err, errno, "make `/` private in the new mount namespace");
  execvp (opts->argv[0], opts->argv);
  return isomer_make_error (err, errno, "exec `%s`", opts->argv[0]);
}
