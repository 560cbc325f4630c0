/* Mount option strings to mount(2) flags. */
#define _GNU_SOURCE
#include "linux.h"
#include "utils.h"
#include <string.h>
#include <sys/mount.h>

int
linux_parse_mount_options (char **options, size_t n, unsigned long *flags, unsigned long *propagation, char **data)
{
  static const struct { const char *name; int clear; unsigned long flag; int prop; } table[] = {
    { "ro", 0, MS_RDONLY, 0 }, { "rw", 1, MS_RDONLY, 0 }, { "nosuid", 0, MS_NOSUID, 0 }, { "suid", 1, MS_NOSUID, 0 },
    { "nodev", 0, MS_NODEV, 0 }, { "dev", 1, MS_NODEV, 0 }, { "noexec", 0, MS_NOEXEC, 0 }, { "exec", 1, MS_NOEXEC, 0 },
    { "sync", 0, MS_SYNCHRONOUS, 0 }, { "async", 1, MS_SYNCHRONOUS, 0 }, { "dirsync", 0, MS_DIRSYNC, 0 },
    { "remount", 0, MS_REMOUNT, 0 }, { "mand", 0, MS_MANDLOCK, 0 }, { "nomand", 1, MS_MANDLOCK, 0 },
    { "atime", 1, MS_NOATIME, 0 }, { "noatime", 0, MS_NOATIME, 0 }, { "diratime", 1, MS_NODIRATIME, 0 },
    { "nodiratime", 0, MS_NODIRATIME, 0 }, { "relatime", 0, MS_RELATIME, 0 }, { "norelatime", 1, MS_RELATIME, 0 },
    { "strictatime", 0, MS_STRICTATIME, 0 }, { "nostrictatime", 1, MS_STRICTATIME, 0 },
    { "private", 0, MS_PRIVATE, 1 }, { "rprivate", 0, MS_PRIVATE | MS_REC, 1 }, { "shared", 0, MS_SHARED, 1 },
    { "rshared", 0, MS_SHARED | MS_REC, 1 }, { "slave", 0, MS_SLAVE, 1 }, { "rslave", 0, MS_SLAVE | MS_REC, 1 },
    { "unbindable", 0, MS_UNBINDABLE, 1 }, { "runbindable", 0, MS_UNBINDABLE | MS_REC, 1 },
  };
  int bind = 0;
  size_t dlen = 0;
  *flags = 0;
  *propagation = 0;
  *data = xstrdup ("");
  for (size_t i = 0; i < n; i++)
    {
      const char *o = options[i];
      size_t k;
      if (strcmp (o, "bind") == 0)
        {
          bind = bind ? bind : 1;
          continue;
        }
      if (strcmp (o, "rbind") == 0)
        {
          bind = 2;
          continue;
        }
      for (k = 0; k < sizeof (table) / sizeof (table[0]); k++)
        if (strcmp (table[k].name, o) == 0)
          break;
      if (k < sizeof (table) / sizeof (table[0]))
        {
          if (table[k].prop)
            *propagation |= table[k].flag;
          else if (table[k].clear)
            *flags &= ~table[k].flag;
          else
            *flags |= table[k].flag;
          continue;
        }
      if (strcmp (o, "tmpcopyup") == 0)
        continue;
      *data = xrealloc (*data, dlen + strlen (o) + 2);
      if (dlen)
        (*data)[dlen++] = ',';
      strcpy (*data + dlen, o);
      dlen += strlen (o);
    }
  return bind;
}
