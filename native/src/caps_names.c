/* Names of capabilities, rlimits and namespace types in config.json. */
#define _GNU_SOURCE
#include "spec.h"
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

static const char *const cap_names[] = {
  "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
  "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
  "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
  "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
  "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
  "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
  "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
};

int
cap_from_name (const char *name)
{
  for (size_t i = 0; i < sizeof (cap_names) / sizeof (cap_names[0]); i++)
    if (strcasecmp (cap_names[i], name) == 0)
      return (int) i;
  return -1;
}

int
cap_last_cap (void)
{
  static int last = -1;
  if (last < 0)
    {
      FILE *f = fopen ("/proc/sys/kernel/cap_last_cap", "re");
      if (f == NULL || fscanf (f, "%d", &last) != 1)
        last = 40;
      if (f)
        fclose (f);
    }
  return last;
}

int
namespace_flag (const char *type)
{
  static const struct { const char *name; int flag; } table[] = {
    { "pid", CLONE_NEWPID }, { "network", CLONE_NEWNET }, { "net", CLONE_NEWNET }, { "mount", CLONE_NEWNS },
    { "mnt", CLONE_NEWNS }, { "ipc", CLONE_NEWIPC }, { "uts", CLONE_NEWUTS }, { "user", CLONE_NEWUSER },
    { "cgroup", CLONE_NEWCGROUP }, { "time", 0x00000080 },
  };
  for (size_t i = 0; i < sizeof (table) / sizeof (table[0]); i++)
    if (strcmp (table[i].name, type) == 0)
      return table[i].flag;
  return 0;
}

int
rlimit_from_name (const char *name)
{
  static const struct { const char *name; int res; } table[] = {
    { "RLIMIT_AS", RLIMIT_AS }, { "RLIMIT_CORE", RLIMIT_CORE }, { "RLIMIT_CPU", RLIMIT_CPU },
    { "RLIMIT_DATA", RLIMIT_DATA }, { "RLIMIT_FSIZE", RLIMIT_FSIZE }, { "RLIMIT_LOCKS", RLIMIT_LOCKS },
    { "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK }, { "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE }, { "RLIMIT_NICE", RLIMIT_NICE },
    { "RLIMIT_NOFILE", RLIMIT_NOFILE }, { "RLIMIT_NPROC", RLIMIT_NPROC }, { "RLIMIT_RSS", RLIMIT_RSS },
    { "RLIMIT_RTPRIO", RLIMIT_RTPRIO }, { "RLIMIT_RTTIME", RLIMIT_RTTIME }, { "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
    { "RLIMIT_STACK", RLIMIT_STACK },
  };
  for (size_t i = 0; i < sizeof (table) / sizeof (table[0]); i++)
    if (strcmp (table[i].name, name) == 0)
      return table[i].res;
  return -1;
}
