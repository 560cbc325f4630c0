/* exec.conf: one "key value" per line, written by the shim at create and read by `exec`, which so
   never parses config.json. */
#define _GNU_SOURCE
#include "exec_conf.h"
#include "status.h"
#include "utils.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
exec_conf_write (const char *dir, const struct spec *spec, pid_t pid, unsigned long long start)
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
  cleanup_free char *path = xasprintf ("%s/" STATE_EXEC_CONF, dir);
  int ret = write_file_atomic (path, buf, len, NULL);
  free (buf);
  return ret;
}

int
exec_conf_read (const char *root, const char *id, pid_t *pid, unsigned long long *start, struct spec_process *p,
                isomer_error_t *err)
{
  cleanup_free char *path = xasprintf ("%s/%s/" STATE_EXEC_CONF, root, id), *text = NULL;
  char *save = NULL;
  if (status_validate_id (id, err) < 0)
    return -1;
  if (read_all_file (path, &text, NULL, err) < 0)
    {
      if ((*err)->status != ENOENT)
        return -1;
      isomer_error_release (err);
      return isomer_make_error (err, 0, "container `%s` does not exist", id);
    }
  memset (p, 0, sizeof (*p));
  for (char *line = strtok_r (text, "\n", &save); line; line = strtok_r (NULL, "\n", &save))
    {
      char *val = strchr (line, ' ');
      if (val == NULL)
        continue;
      *val++ = '\0';
      if (strcmp (line, "pid") == 0)
        *pid = atoi (val);
      else if (strcmp (line, "start") == 0)
        *start = strtoull (val, NULL, 10);
      else if (strcmp (line, "uid") == 0)
        p->uid = strtoul (val, NULL, 10);
      else if (strcmp (line, "gid") == 0)
        p->gid = strtoul (val, NULL, 10);
      else if (strcmp (line, "nnp") == 0)
        p->no_new_privs = atoi (val);
      else if (strcmp (line, "hascaps") == 0)
        p->has_caps = atoi (val);
      else if (strcmp (line, "caps") == 0)
        {
          unsigned long long c[5] = { 0 };
          sscanf (val, "%llx %llx %llx %llx %llx", &c[0], &c[1], &c[2], &c[3], &c[4]);
          for (int i = 0; i < 5; i++)
            p->caps[i] = c[i];
        }
      else if (strcmp (line, "gid+") == 0)
        {
          p->gids = xrealloc (p->gids, (p->n_gids + 1) * sizeof (gid_t));
          p->gids[p->n_gids++] = strtoul (val, NULL, 10);
        }
      else if (strcmp (line, "rlimit") == 0)
        {
          struct spec_rlimit r;
          if (sscanf (val, "%d %llu %llu", &r.resource, &r.soft, &r.hard) == 3)
            {
              p->rlimits = xrealloc (p->rlimits, (p->n_rlimits + 1) * sizeof (r));
              p->rlimits[p->n_rlimits++] = r;
            }
        }
      else if (strcmp (line, "cwd") == 0)
        p->cwd = xstrdup (val);
      else if (strcmp (line, "env") == 0)
        {
          p->env = xrealloc (p->env, (p->n_env + 2) * sizeof (char *));
          p->env[p->n_env++] = xstrdup (val);
          p->env[p->n_env] = NULL;
        }
    }
  return 0;
}
