/* OCI hooks: fork, exec path with args/env, state JSON on stdin, optional timeout, exit status. */
#define _GNU_SOURCE
#include "hooks.h"
#include "utils.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char **
strv (const json_value *arr, const char *first)
{
  size_t n = arr && arr->type == JSON_ARRAY ? arr->len : 0;
  char **out = xcalloc (n + 2, sizeof (char *));
  size_t k = 0;
  if (n == 0 && first)
    out[k++] = (char *) first;
  for (size_t i = 0; i < n; i++)
    if (arr->items[i]->type == JSON_STRING)
      out[k++] = arr->items[i]->string;
  return out;
}

static int
run_one (const json_value *hook, const char *kind, size_t idx, const char *state, isomer_error_t *err)
{
  const char *path = json_get_string (hook, "path");
  const json_value *timeout = json_get (hook, "timeout");
  int in[2], status;
  if (path == NULL)
    return isomer_make_error (err, 0, "expected `hooks.%s[%zu].path` to be set", kind, idx);
  cleanup_free char **argv = strv (json_get (hook, "args"), path);
  cleanup_free char **envp = strv (json_get (hook, "env"), NULL);
  if (pipe2 (in, O_CLOEXEC) < 0)
    return isomer_make_error (err, errno, "pipe for hook `%s`", path);
  pid_t pid = fork ();
  if (pid < 0)
    return isomer_make_error (err, errno, "fork hook `%s`", path);
  if (pid == 0)
    {
      dup2 (in[0], 0);
      execve (path, argv, envp);
      fprintf (stderr, "isomer-runtime: exec hook `%s`: %s\n", path, strerror (errno));
      _exit (127);
    }
  close (in[0]);
  signal (SIGPIPE, SIG_IGN);
  safe_write (in[1], state, strlen (state));
  close (in[1]);
  long limit_ms = timeout && timeout->type == JSON_NUMBER && timeout->integer > 0 ? timeout->integer * 1000 : -1;
  int pidfd = syscall (SYS_pidfd_open, pid, 0);
  if (limit_ms > 0 && pidfd >= 0)
    {
      struct pollfd p = { pidfd, POLLIN, 0 };
      if (poll (&p, 1, limit_ms) == 0)
        {
          kill (pid, SIGKILL);
          waitpid (pid, &status, 0);
          close (pidfd);
          return isomer_make_error (err, 0, "hook `%s` (%s) timed out after %llds", path, kind,
                                    (long long) timeout->integer);
        }
    }
  if (pidfd >= 0)
    close (pidfd);
  while (waitpid (pid, &status, 0) < 0)
    if (errno != EINTR)
      return isomer_make_error (err, errno, "wait for hook `%s`", path);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    return isomer_make_error (err, 0, "hook `%s` (%s) failed with %s %d", path, kind,
                              WIFEXITED (status) ? "exit status" : "signal",
                              WIFEXITED (status) ? WEXITSTATUS (status) : WTERMSIG (status));
  return 0;
}

int
hooks_run (const json_value *hooks, const char *kind, const char *state_json, isomer_error_t *err)
{
  const json_value *list = json_get (hooks, kind);
  for (size_t i = 0; list && list->type == JSON_ARRAY && i < list->len; i++)
    if (run_one (list->items[i], kind, i, state_json, err) < 0)
      return -1;
  return 0;
}

int
hooks_present (const json_value *hooks)
{
  for (size_t i = 0; hooks && hooks->type == JSON_OBJECT && i < hooks->len; i++)
    if (hooks->items[i]->type == JSON_ARRAY && hooks->items[i]->len > 0)
      return 1;
  return 0;
}

char *
hooks_state (const char *id, const char *status, pid_t pid, const char *bundle, const json_value *annotations)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  fputs ("{\"ociVersion\":\"1.0.2\",\"id\":", f);
  json_write_string (f, id);
  fprintf (f, ",\"status\":\"%s\",\"pid\":%d,\"bundle\":", status, pid);
  json_write_string (f, bundle);
  fputs (",\"annotations\":{", f);
  for (size_t i = 0, n = 0; annotations && annotations->type == JSON_OBJECT && i < annotations->len; i++)
    if (annotations->items[i]->type == JSON_STRING)
      {
        fputs (n++ ? "," : "", f);
        json_write_string (f, annotations->keys[i]);
        fputc (':', f);
        json_write_string (f, annotations->items[i]->string);
      }
  fputs ("}}", f);
  fclose (f);
  return buf;
}
