/* syscall-probe: makes each named syscall with harmless arguments and prints `name=RESULT`, RESULT
   being `ok` or the errno name, so tests can tell a seccomp denial (EPERM, ENOSYS) from the
   kernel's own answer. Built static by test/helpers/syscall-probe.ts, run inside test containers. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif

static long
probe (const char *name)
{
  if (strcmp (name, "add_key") == 0)
    return syscall (SYS_add_key, "user", "isomer-probe", "x", 1, -2 /* KEY_SPEC_PROCESS_KEYRING */);
  if (strcmp (name, "keyctl") == 0)
    return syscall (SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -2, 1);
  if (strcmp (name, "bpf") == 0)
    return syscall (SYS_bpf, 9999 /* no such command: EINVAL from the kernel */, NULL, 0);
  if (strcmp (name, "unshare_user") == 0)
    return syscall (SYS_unshare, CLONE_NEWUSER);
  if (strcmp (name, "personality_bsd") == 0)
    return syscall (SYS_personality, 0x0006 /* PER_BSD */);
  if (strcmp (name, "personality_query") == 0)
    return syscall (SYS_personality, 0xffffffff) < 0 ? -1 : 0;
  if (strcmp (name, "socket_vsock") == 0)
    {
      long fd = syscall (SYS_socket, AF_VSOCK, SOCK_STREAM, 0);
      return fd < 0 && errno == EAFNOSUPPORT ? 0 : fd;
    }
  if (strcmp (name, "clone_newuts") == 0 || strcmp (name, "clone_plain") == 0)
    {
      long flags = SIGCHLD | (name[6] == 'n' ? CLONE_NEWUTS : 0);
      long pid = syscall (SYS_clone, flags, NULL, NULL, NULL, NULL);
      if (pid == 0)
        _exit (0);
      if (pid > 0)
        waitpid (pid, NULL, 0);
      return pid;
    }
  if (strcmp (name, "clone3") == 0)
    return syscall (SYS_clone3, NULL, 0);
  errno = ENOENT;
  return -2;
}

int
main (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      errno = 0;
      long r = probe (argv[i]);
      if (r == -2 && errno == ENOENT)
        printf ("%s=unknown-probe\n", argv[i]);
      else if (r < 0)
        printf ("%s=%s\n", argv[i], strerrorname_np (errno));
      else
        printf ("%s=ok\n", argv[i]);
    }
  return 0;
}
