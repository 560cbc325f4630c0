/* Drives build/isomer-runtime on a busybox rootfs: create, state, start, exec (exit code, env,
   pid namespace), kill, delete, and that no state or cgroup is left. Skips (77) without root or
   /bin/busybox. */
#define _GNU_SOURCE
#include "check.h"
#include "utils.h"
#include <sys/wait.h>
#include <unistd.h>

static char root[] = "/tmp/isomer-test-native-XXXXXX";
static const char *bin = "build/isomer-runtime";

static char *
run (const char *fmt, const char *arg, int *code)
{
  char *cmd = xasprintf ("%s --root %s/state %s", bin, root, fmt);
  char *full = xasprintf (cmd, arg);
  FILE *p = popen (full, "r");
  char *out = xcalloc (1, 65536);
  size_t n = p ? fread (out, 1, 65535, p) : 0;
  out[n] = '\0';
  int st = p ? pclose (p) : -1;
  *code = WIFEXITED (st) ? WEXITSTATUS (st) : -1;
  free (cmd);
  free (full);
  return out;
}

int
main (void)
{
  int code;
  if (geteuid () != 0 || access ("/bin/busybox", X_OK) != 0 || access (bin, X_OK) != 0)
    return 77;
  CHECK (mkdtemp (root) != NULL);
  char *setup = xasprintf ("set -e; cd %s; mkdir -p b/rootfs/bin b/rootfs/proc b/rootfs/dev b/rootfs/sys; "
                           "cp /bin/busybox b/rootfs/bin/; for c in sh sleep ps true; do ln -s busybox b/rootfs/bin/$c; done; "
                           "cd b && runc spec >/dev/null 2>&1 || exit 77; "
                           "sed -i 's/\"terminal\": true/\"terminal\": false/; s/\"sh\"$/\"sleep\", \"1000\"/' config.json",
                           root);
  int rc = system (setup);
  if (WEXITSTATUS (rc) == 77)
    return 77;
  CHECK (rc == 0);
  char *bundle = xasprintf ("%s/b", root);
  free (run ("create --bundle %s isomer-test-native-1 </dev/null >/dev/null 2>&1", bundle, &code));
  CHECK (code == 0);
  char *out = run ("state %s", "isomer-test-native-1", &code);
  CHECK (code == 0 && strstr (out, "\"status\": \"created\"") != NULL);
  free (out);
  free (run ("start %s", "isomer-test-native-1", &code));
  CHECK (code == 0);
  out = run ("exec --env X=42 %s -- sh -c 'echo $X; ps | wc -l; exit 7'", "isomer-test-native-1", &code);
  CHECK (code == 7 && strncmp (out, "42\n", 3) == 0);
  free (out);
  out = run ("state %s", "isomer-test-native-1", &code);
  CHECK (strstr (out, "\"status\": \"running\"") != NULL);
  free (out);
  free (run ("delete %s 2>/dev/null", "isomer-test-native-1", &code));
  CHECK (code == 1); /* running: needs --force */
  free (run ("kill %s KILL", "isomer-test-native-1", &code));
  CHECK (code == 0);
  for (int i = 0; i < 500; i++)
    {
      out = run ("state %s", "isomer-test-native-1", &code);
      int stopped = strstr (out, "\"status\": \"stopped\"") != NULL;
      free (out);
      if (stopped)
        break;
      usleep (10000);
    }
  free (run ("delete %s", "isomer-test-native-1", &code));
  CHECK (code == 0);
  CHECK (access ("/sys/fs/cgroup/pids/isomer-test-native-1", F_OK) != 0);
  CHECK (access ("/sys/fs/cgroup/unified/isomer-test-native-1", F_OK) != 0);
  free (run ("state %s 2>/dev/null", "isomer-test-native-1", &code));
  CHECK (code == 1);
  char *rm = xasprintf ("rm -rf %s", root);
  CHECK (system (rm) == 0);
  free (rm);
  free (setup);
  free (bundle);
  return 0;
}
