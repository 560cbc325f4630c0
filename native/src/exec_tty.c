/* `exec --tty`: a pty in the container's devpts, raw mode on our terminal, window size, proxying. */
#define _GNU_SOURCE
#include "exec_tty.h"
#include "utils.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

static int tty_master = -1;

static void
copy_winsize (int sig)
{
  struct winsize ws;
  (void) sig;
  if (tty_master < 0)
    return;
  if (ioctl (STDIN_FILENO, TIOCGWINSZ, &ws) < 0 || ws.ws_row == 0 || ws.ws_col == 0)
    ws = (struct winsize){ .ws_row = 24, .ws_col = 80 };
  ioctl (tty_master, TIOCSWINSZ, &ws);
}

/* Open /dev/ptmx, which after joining the mount namespace is the container's devpts. */
int
exec_tty_prepare (int *master, char *slave_name, size_t len, isomer_error_t *err)
{
  *master = open ("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (*master < 0)
    return isomer_make_error (err, errno, "open `/dev/ptmx` in the container");
  if (unlockpt (*master) < 0 || ptsname_r (*master, slave_name, len) != 0)
    return isomer_make_error (err, errno, "unlock the pty");
  tty_master = *master;
  copy_winsize (0);
  return 0;
}

int
exec_tty_child (const char *slave_name)
{
  if (setsid () < 0)
    return -1;
  int fd = open (slave_name, O_RDWR);
  if (fd < 0 || ioctl (fd, TIOCSCTTY, 0) < 0)
    return -1;
  for (int i = 0; i < 3; i++)
    dup2 (fd, i);
  if (fd > 2)
    close (fd);
  return 0;
}

static int
pump (int from, int to)
{
  char buf[8192];
  ssize_t n = read (from, buf, sizeof (buf));
  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return 0;
  if (n <= 0)
    return -1;
  return safe_write (to, buf, n);
}

int
exec_tty_proxy (int master, pid_t child)
{
  struct termios saved, raw;
  int is_tty = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0, stdin_open = 1;
  (void) child;
  if (is_tty)
    {
      raw = saved;
      cfmakeraw (&raw);
      tcsetattr (STDIN_FILENO, TCSANOW, &raw);
      signal (SIGWINCH, copy_winsize);
    }
  for (;;)
    {
      struct pollfd pfd[2] = { { master, POLLIN, 0 }, { STDIN_FILENO, POLLIN, 0 } };
      int r = poll (pfd, stdin_open ? 2 : 1, -1);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        break;
      if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR))
        if (pump (master, STDOUT_FILENO) < 0)
          break;
      if (stdin_open && (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)) && pump (STDIN_FILENO, master) < 0)
        {
          stdin_open = 0;
          if (!is_tty)
            {
              char eof = 4;
              safe_write (master, &eof, 1);
            }
        }
    }
  if (is_tty)
    tcsetattr (STDIN_FILENO, TCSANOW, &saved);
  close (master);
  return 0;
}
