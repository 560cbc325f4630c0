/* The shim left behind by `create`: reaps the container's init and records its exit status in the
   state directory. */
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

#include "shim.h"
#include "status.h"

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
  cleanup_free char *exit_path = xasprintf ("%s/" STATE_EXIT, dir);
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
