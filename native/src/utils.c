/* Small helpers: cleanup attributes, allocation, file I/O, paths. */
#define _GNU_SOURCE
#include "utils.h"
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

void
cleanup_freep (void *p)
{
  free (*(void **) p);
}

void
cleanup_closep (int *fd)
{
  if (*fd >= 0)
    close (*fd);
}

void *
xmalloc (size_t n)
{
  void *p = malloc (n ? n : 1);
  if (p == NULL)
    abort ();
  return p;
}

void *
xcalloc (size_t n, size_t m)
{
  void *p = calloc (n ? n : 1, m ? m : 1);
  if (p == NULL)
    abort ();
  return p;
}

void *
xrealloc (void *p, size_t n)
{
  p = realloc (p, n ? n : 1);
  if (p == NULL)
    abort ();
  return p;
}

char *
xstrdup (const char *s)
{
  char *r = strdup (s ? s : "");
  if (r == NULL)
    abort ();
  return r;
}

char *
xasprintf (const char *fmt, ...)
{
  va_list ap;
  char *out;
  va_start (ap, fmt);
  if (vasprintf (&out, fmt, ap) < 0)
    abort ();
  va_end (ap);
  return out;
}

void
sleep_ms (int ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  while (nanosleep (&ts, &ts) < 0 && errno == EINTR)
    ;
}

int
read_all_file (const char *path, char **out, size_t *len, isomer_error_t *err)
{
  cleanup_close int fd = open (path, O_RDONLY | O_CLOEXEC);
  size_t size = 0, cap = 4096;
  char *buf;
  if (fd < 0)
    return isomer_make_error (err, errno, "open `%s`", path);
  buf = xmalloc (cap);
  for (;;)
    {
      ssize_t r;
      if (size + 1 >= cap)
        buf = xrealloc (buf, cap *= 2);
      r = read (fd, buf + size, cap - size - 1);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          free (buf);
          return isomer_make_error (err, errno, "read `%s`", path);
        }
      if (r == 0)
        break;
      size += r;
    }
  buf[size] = '\0';
  *out = buf;
  if (len)
    *len = size;
  return 0;
}

int
safe_write (int fd, const void *buf, size_t len)
{
  const char *p = buf;
  while (len > 0)
    {
      ssize_t w = write (fd, p, len);
      if (w < 0 && errno == EINTR)
        continue;
      if (w < 0)
        return -1;
      p += w;
      len -= w;
    }
  return 0;
}

static volatile pid_t forward_target = -1;

static void
forward_signal (int sig)
{
  if (forward_target > 0)
    kill (forward_target, sig);
}

void
forward_signals_to (pid_t pid, int winch)
{
  static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };
  forward_target = pid;
  for (size_t i = 0; i < sizeof (sigs) / sizeof (sigs[0]); i++)
    signal (sigs[i], forward_signal);
  if (winch)
    signal (SIGWINCH, forward_signal);
}

int
write_file (const char *path, const void *data, size_t len, isomer_error_t *err)
{
  cleanup_close int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return isomer_make_error (err, errno, "open `%s`", path);
  if (safe_write (fd, data, len) < 0)
    return isomer_make_error (err, errno, "write `%s`", path);
  return 0;
}

int
write_file_atomic (const char *path, const void *data, size_t len, isomer_error_t *err)
{
  cleanup_free char *tmp = xasprintf ("%s.tmp", path);
  int ret = write_file (tmp, data, len, err);
  if (UNLIKELY (ret < 0))
    return ret;
  if (rename (tmp, path) < 0)
    {
      unlink (tmp);
      return isomer_make_error (err, errno, "rename `%s` to `%s`", tmp, path);
    }
  return 0;
}

int
mkdir_p (const char *path, mode_t mode, isomer_error_t *err)
{
  cleanup_free char *buf = NULL;
  char *p;
  /* common case first: the parent exists (or the directory itself does) */
  if (mkdir (path, mode) == 0 || errno == EEXIST)
    return 0;
  if (errno != ENOENT)
    return isomer_make_error (err, errno, "mkdir `%s`", path);
  buf = xstrdup (path);
  for (p = buf + 1; *p; p++)
    if (*p == '/')
      {
        *p = '\0';
        if (mkdir (buf, mode) < 0 && errno != EEXIST)
          return isomer_make_error (err, errno, "mkdir `%s`", buf);
        *p = '/';
      }
  if (mkdir (buf, mode) < 0 && errno != EEXIST)
    return isomer_make_error (err, errno, "mkdir `%s`", buf);
  return 0;
}

/* Walk `path` component by component under root, expanding symlinks relative to root. */
char *
resolve_in_root (const char *root, const char *path)
{
  char rel[PATH_MAX] = "";
  char todo[PATH_MAX * 2];
  int links = 0;
  snprintf (todo, sizeof (todo), "%s", path);
  char *cur = todo;
  while (*cur)
    {
      char *slash, comp[PATH_MAX], full[PATH_MAX * 2], target[PATH_MAX];
      ssize_t n;
      while (*cur == '/')
        cur++;
      if (*cur == '\0')
        break;
      slash = strchr (cur, '/');
      size_t clen = slash ? (size_t) (slash - cur) : strlen (cur);
      memcpy (comp, cur, clen);
      comp[clen] = '\0';
      cur += clen;
      if (strcmp (comp, ".") == 0)
        continue;
      if (strcmp (comp, "..") == 0)
        {
          char *last = strrchr (rel, '/');
          if (last)
            *last = '\0';
          continue;
        }
      snprintf (full, sizeof (full), "%s%s/%s", root, rel, comp);
      n = readlink (full, target, sizeof (target) - 1);
      if (n < 0 || ++links > 40)
        {
          size_t l = strlen (rel);
          if (l + 1 + strlen (comp) < sizeof (rel))
            {
              rel[l] = '/';
              strcpy (rel + l + 1, comp);
            }
          continue;
        }
      target[n] = '\0';
      char rest[PATH_MAX * 2];
      snprintf (rest, sizeof (rest), "%s/%s", target, cur);
      if (target[0] == '/')
        rel[0] = '\0';
      snprintf (todo, sizeof (todo), "%s", rest);
      cur = todo;
    }
  return xasprintf ("%s%s", root, rel[0] ? rel : "");
}

int
parse_int64 (const char *s, long long *out)
{
  char *end;
  errno = 0;
  long long v = strtoll (s, &end, 10);
  if (errno || end == s || *end)
    return -1;
  *out = v;
  return 0;
}

int
unix_connect (const char *path, isomer_error_t *err)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  if (strlen (path) >= sizeof (addr.sun_path))
    return isomer_make_error (err, ENAMETOOLONG, "console socket `%s`", path);
  strcpy (addr.sun_path, path);
  int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || connect (fd, (struct sockaddr *) &addr, sizeof (addr)) < 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      return isomer_make_error (err, saved, "connect to console socket `%s`", path);
    }
  return fd;
}

int
send_fd (int sock, int fd)
{
  char c = 0, buf[CMSG_SPACE (sizeof (int))];
  struct iovec iov = { &c, 1 };
  struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = buf, .msg_controllen = sizeof (buf) };
  memset (buf, 0, sizeof (buf));
  struct cmsghdr *cm = CMSG_FIRSTHDR (&msg);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN (sizeof (int));
  memcpy (CMSG_DATA (cm), &fd, sizeof (int));
  return sendmsg (sock, &msg, 0) < 0 ? -1 : 0;
}
