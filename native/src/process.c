/* Turning the current process into the configured one: rlimits, user, capabilities, exec. */
#define _GNU_SOURCE
#include "process.h"
#include "utils.h"
#include <errno.h>
#include <stdio.h>
#include <grp.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int
process_apply_rlimits (const struct spec_process *proc, isomer_error_t *err)
{
  for (size_t i = 0; i < proc->n_rlimits; i++)
    {
      struct rlimit now, want = { proc->rlimits[i].soft, proc->rlimits[i].hard };
      if (setrlimit (proc->rlimits[i].resource, &want) == 0)
        continue;
      if (errno != EPERM || getrlimit (proc->rlimits[i].resource, &now) < 0)
        return isomer_make_error (err, errno, "setrlimit %d to %llu:%llu", proc->rlimits[i].resource,
                                  proc->rlimits[i].soft, proc->rlimits[i].hard);
      /* no CAP_SYS_RESOURCE: clamp to the host's hard limit */
      if (want.rlim_max > now.rlim_max)
        want.rlim_max = now.rlim_max;
      if (want.rlim_cur > want.rlim_max)
        want.rlim_cur = want.rlim_max;
      if (setrlimit (proc->rlimits[i].resource, &want) < 0)
        return isomer_make_error (err, errno, "setrlimit %d to %llu:%llu (clamped to the host hard limit)",
                                  proc->rlimits[i].resource, (unsigned long long) want.rlim_cur,
                                  (unsigned long long) want.rlim_max);
    }
  return 0;
}

int
process_apply_user_caps (const struct spec_process *proc, isomer_error_t *err)
{
  int last = cap_last_cap ();
  if (proc->has_caps)
    for (int c = 0; c <= last; c++)
      if (!(proc->caps[CAPSET_BOUNDING] & (1ULL << c)) && prctl (PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL)
        return isomer_make_error (err, errno, "drop capability %d from the bounding set", c);
  if (prctl (PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
    return isomer_make_error (err, errno, "prctl PR_SET_KEEPCAPS");
  if (setgroups (proc->n_gids, proc->gids) < 0)
    return isomer_make_error (err, errno, "setgroups for `%u` additional gids", (unsigned) proc->n_gids);
  if (setresgid (proc->gid, proc->gid, proc->gid) < 0)
    return isomer_make_error (err, errno, "setgid `%u`", proc->gid);
  if (setresuid (proc->uid, proc->uid, proc->uid) < 0)
    return isomer_make_error (err, errno, "setuid `%u`", proc->uid);
  prctl (PR_SET_KEEPCAPS, 0, 0, 0, 0);
  if (proc->has_caps)
    {
      struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
      struct __user_cap_data_struct data[2];
      memset (data, 0, sizeof (data));
      for (int k = 0; k < 2; k++)
        {
          data[k].effective = (uint32_t) (proc->caps[CAPSET_EFFECTIVE] >> (32 * k));
          data[k].permitted = (uint32_t) (proc->caps[CAPSET_PERMITTED] >> (32 * k));
          data[k].inheritable = (uint32_t) (proc->caps[CAPSET_INHERITABLE] >> (32 * k));
        }
      if (syscall (SYS_capset, &hdr, data) < 0)
        return isomer_make_error (err, errno, "capset");
      prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
      for (int c = 0; c <= last; c++)
        /* like runc: an ambient capability missing from permitted/inheritable is skipped */
        if ((proc->caps[CAPSET_AMBIENT] & (1ULL << c)) && prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0
            && errno != EPERM)
          return isomer_make_error (err, errno, "raise ambient capability %d", c);
    }
  if (proc->no_new_privs && prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return isomer_make_error (err, errno, "prctl PR_SET_NO_NEW_PRIVS");
  return 0;
}

static const char *
env_lookup (const struct spec_process *proc, const char *name)
{
  size_t l = strlen (name);
  for (size_t i = 0; i < proc->n_env; i++)
    if (strncmp (proc->env[i], name, l) == 0 && proc->env[i][l] == '=')
      return proc->env[i] + l + 1;
  return NULL;
}

char *
process_find_executable (const struct spec_process *proc, isomer_error_t *err)
{
  struct stat st;
  if (proc->n_args == 0)
    return isomer_make_error (err, 0, "expected `process.args` to name a program, got an empty list"), NULL;
  const char *name = proc->args[0];
  if (strchr (name, '/'))
    {
      if (stat (name, &st) < 0)
        return isomer_make_error (err, errno, "exec `%s`", name), NULL;
      return xstrdup (name);
    }
  const char *path = env_lookup (proc, "PATH");
  cleanup_free char *dirs = xstrdup (path ? path : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  char *save = NULL;
  for (char *d = strtok_r (dirs, ":", &save); d; d = strtok_r (NULL, ":", &save))
    {
      char *cand = xasprintf ("%s/%s", d, name);
      if (stat (cand, &st) == 0 && S_ISREG (st.st_mode) && (st.st_mode & 0111))
        return cand;
      free (cand);
    }
  return isomer_make_error (err, ENOENT, "exec `%s`: not found in PATH `%s`", name, path ? path : "(default)"), NULL;
}

int
process_exec (const struct spec_process *proc, const char *exe, isomer_error_t *err)
{
  char *empty[] = { NULL };
  execve (exe, proc->args, proc->env ? proc->env : empty);
  return isomer_make_error (err, errno, "exec `%s`", exe);
}

void
process_default_home (struct spec_process *proc)
{
  char line[1024], *home = NULL;
  if (env_lookup (proc, "HOME"))
    return;
  FILE *f = fopen ("/etc/passwd", "re");
  while (f && home == NULL && fgets (line, sizeof (line), f))
    {
      /* name:x:uid:gid:gecos:home:shell */
      char *fields[7] = { 0 }, *p = line;
      int n = 0;
      for (; n < 7 && p; n++)
        {
          fields[n] = p;
          p = strchr (p, ':');
          if (p)
            *p++ = '\0';
        }
      if (n >= 6 && fields[2] && strtoul (fields[2], NULL, 10) == proc->uid && fields[5] && *fields[5])
        home = xstrdup (fields[5]);
    }
  if (f)
    fclose (f);
  proc->env = xrealloc (proc->env, (proc->n_env + 2) * sizeof (char *));
  proc->env[proc->n_env++] = xasprintf ("HOME=%s", home ? home : "/");
  proc->env[proc->n_env] = NULL;
  free (home);
}
