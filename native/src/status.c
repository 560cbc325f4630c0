/* Persist little (pid, start time, bundle, created), derive the rest, write atomically. */
#define _GNU_SOURCE
#include "status.h"
#include "json.h"
#include "utils.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int
status_validate_id (const char *id, isomer_error_t *err)
{
  if (id == NULL || *id == '\0')
    return isomer_make_error (err, 0, "expected a container id, got none");
  if (strcmp (id, ".") == 0 || strcmp (id, "..") == 0 || strlen (id) > 1024)
    return isomer_make_error (err, 0, "invalid container id `%s`", id);
  for (const char *p = id; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'
          || *p == '.' || *p == '+'))
      return isomer_make_error (err, 0, "invalid container id `%s`: only letters, digits and `_.+-` are allowed", id);
  return 0;
}

char *
status_dir (const char *root, const char *id)
{
  return xasprintf ("%s/%s", root, id);
}

void
status_remove_dir (const char *dir)
{
  static const char *const files[] = { STATE_STATUS, STATE_FIFO,    STATE_CGROUPS, STATE_EXEC_CONF,
                                       STATE_EXIT,   STATE_SECCOMP, STATE_HOOKS };
  for (size_t i = 0; i < sizeof (files) / sizeof (files[0]); i++)
    {
      cleanup_free char *p = xasprintf ("%s/%s", dir, files[i]), *tmp = xasprintf ("%s.tmp", p);
      unlink (p);
      unlink (tmp);
    }
  rmdir (dir);
}

int
status_write (const char *dir, const struct container_status *st, isomer_error_t *err)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  fprintf (f, "{\"pid\":%d,\"start_time\":%llu,\"bundle\":", st->pid, st->start_time);
  json_write_string (f, st->bundle);
  fputs (",\"rootfs\":", f);
  json_write_string (f, st->rootfs);
  fputs (",\"created\":", f);
  json_write_string (f, st->created);
  fprintf (f, ",\"annotations\":%s}\n", st->annotations ? st->annotations : "{}");
  fclose (f);
  cleanup_free char *path = xasprintf ("%s/" STATE_STATUS, dir);
  int ret = write_file_atomic (path, buf, len, err);
  free (buf);
  return ret;
}

char *
status_annotations_text (const json_value *a)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  fputc ('{', f);
  for (size_t i = 0; a && a->type == JSON_OBJECT && i < a->len; i++)
    {
      if (a->items[i]->type != JSON_STRING)
        continue;
      if (ftell (f) > 1)
        fputc (',', f);
      json_write_string (f, a->keys[i]);
      fputc (':', f);
      json_write_string (f, a->items[i]->string);
    }
  fputc ('}', f);
  fclose (f);
  return buf;
}

int
status_read (const char *root, const char *id, struct container_status *st, isomer_error_t *err)
{
  cleanup_free char *path = xasprintf ("%s/%s/" STATE_STATUS, root, id), *text = NULL;
  memset (st, 0, sizeof (*st));
  if (status_validate_id (id, err) < 0)
    return -1;
  if (read_all_file (path, &text, NULL, err) < 0)
    {
      if ((*err)->status == ENOENT)
        return isomer_make_error (err, 0, "container `%s` does not exist", id);
      return -1;
    }
  json_value *v = json_parse (text, err);
  if (v == NULL)
    return isomer_error_wrap (err, "parse `%s`", path);
  json_value *pid = json_get (v, "pid"), *stime = json_get (v, "start_time");
  st->pid = pid ? pid->integer : 0;
  st->start_time = stime ? (unsigned long long) stime->integer : 0;
  st->bundle = xstrdup (json_get_string (v, "bundle"));
  st->rootfs = xstrdup (json_get_string (v, "rootfs"));
  st->created = xstrdup (json_get_string (v, "created"));
  st->annotations = status_annotations_text (json_get (v, "annotations"));
  json_free (v);
  return 0;
}

void
status_free (struct container_status *st)
{
  free (st->bundle);
  free (st->rootfs);
  free (st->created);
  free (st->annotations);
  memset (st, 0, sizeof (*st));
}

unsigned long long
process_start_time (pid_t pid)
{
  char path[64], buf[1024];
  snprintf (path, sizeof (path), "/proc/%d/stat", pid);
  cleanup_close int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  ssize_t n = read (fd, buf, sizeof (buf) - 1);
  if (n <= 0)
    return 0;
  buf[n] = '\0';
  char *p = strrchr (buf, ')');
  /* a zombie still counts: the shim records the exit code before reaping (see shim.c) */
  if (p == NULL || p[1] == '\0' || p[2] == 'X')
    return 0;
  /* field 3 is the state at p+2; start time is field 22 */
  p += 2;
  for (int field = 3; field < 22 && p; field++)
    {
      p = strchr (p, ' ');
      if (p)
        p++;
    }
  return p ? strtoull (p, NULL, 10) : 0;
}

int
status_is_alive (const struct container_status *st)
{
  return st->pid > 0 && process_start_time (st->pid) == st->start_time;
}

const char *
status_derive (const char *root, const char *id, const struct container_status *st)
{
  if (!status_is_alive (st))
    return "stopped";
  cleanup_free char *fifo = xasprintf ("%s/%s/" STATE_FIFO, root, id);
  return access (fifo, F_OK) == 0 ? "created" : "running";
}

void
status_print_state (void *file, const char *id, const char *status, const struct container_status *st,
                    long oom_kills)
{
  FILE *f = file;
  fputs ("{\n  \"ociVersion\": \"1.0.2\",\n  \"id\": ", f);
  json_write_string (f, id);
  fprintf (f, ",\n  \"pid\": %d,\n  \"status\": \"%s\",\n  \"bundle\": ", strcmp (status, "stopped") ? st->pid : 0,
           status);
  json_write_string (f, st->bundle);
  fputs (",\n  \"rootfs\": ", f);
  json_write_string (f, st->rootfs);
  fputs (",\n  \"created\": ", f);
  json_write_string (f, st->created);
  if (oom_kills >= 0)
    fprintf (f, ",\n  \"oomKills\": %ld", oom_kills);
  fprintf (f, ",\n  \"owner\": \"\",\n  \"annotations\": %s\n}\n", st->annotations ? st->annotations : "{}");
}
