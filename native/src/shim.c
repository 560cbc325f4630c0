/* The shim left behind by `create`: writes what `exec` needs, then reaps the container's init and
   records its exit status in the state directory. */
#define _GNU_SOURCE
#include "spec.h"
#include "utils.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int shim_write_exec_conf (const char *dir, const struct spec *spec, pid_t pid, unsigned long long start);
void shim_wait_forever (const char *dir, pid_t child) __attribute__ ((noreturn));

/* exec.conf: one "key value" per line, read by `exec` without parsing config.json. */
int
shim_write_exec_conf (const char *dir, const struct spec *spec, pid_t pid, unsigned long long start)
{
  const struct spec_process *p = &spec->process;
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  fprintf (f, "pid %d\nstart %llu\nuid %u\ngid %u\nnnp %d\nhascaps %d\n", pid, start, p->uid, p->gid,
           p->no_new_privs, p->has_caps);
  fprintf (f, "caps %llx %llx %llx %llx %llx\n", (unsigned long long) p->caps[0], (unsigned long long) p->caps[1],
           (unsigned long long) p->caps[2], (unsigned long long) p->caps[3], (unsigned long long) p->caps[4]);
  for (size_t i = 0; i < p->n_gids; i++)
    fprintf (f, "gid+ %u\n", p->gids[i]);
  fprintf (f, "cwd %s\n", p->cwd);
  for (size_t i = 0; i < p->n_rlimits; i++)
    fprintf (f, "rlimit %d %llu %llu\n", p->rlimits[i].resource, p->rlimits[i].soft, p->rlimits[i].hard);
  for (size_t i = 0; i < p->n_env; i++)
    if (strchr (p->env[i], '\n') == NULL)
      fprintf (f, "env %s\n", p->env[i]);
  fclose (f);
  cleanup_free char *path = xasprintf ("%s/exec.conf", dir);
  int ret = write_file_atomic (path, buf, len, NULL);
  free (buf);
  return ret;
}

void
shim_wait_forever (const char *dir, pid_t child)
{
  int status = 0, code;
  int null = open ("/dev/null", O_RDWR);
  if (null >= 0)
    {
      dup2 (null, 0);
      dup2 (null, 1);
      dup2 (null, 2);
    }
  cleanup_free char *exit_path = xasprintf ("%s/exit", dir);
  closefrom (3);
  /* read the status without reaping, record it, then reap: once the pid is gone (`stopped`),
     the exit file is already there and `delete` never races with our write */
  siginfo_t info;
  for (;;)
    {
      memset (&info, 0, sizeof (info));
      if (waitid (P_PID, child, &info, WEXITED | WNOWAIT) == 0 && info.si_pid == child)
        break;
      if (errno != EINTR)
        _exit (255);
    }
  code = info.si_code == CLD_EXITED ? info.si_status : 128 + info.si_status;
  char buf[16];
  snprintf (buf, sizeof (buf), "%d\n", code);
  write_file_atomic (exit_path, buf, strlen (buf), NULL);
  while (waitpid (child, &status, 0) < 0 && errno == EINTR)
    ;
  _exit (code);
}
