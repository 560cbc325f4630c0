/* status.json round trip, id validation, derived status. */
#define _GNU_SOURCE
#include "check.h"
#include "container.h"
#include "status.h"
#include "utils.h"
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

int
main (void)
{
  isomer_error_t err = NULL;
  char root[] = "/tmp/isomer-test-status-XXXXXX";
  CHECK (mkdtemp (root) != NULL);
  CHECK (status_validate_id ("isomer-test-a.b_c+1", &err) == 0);
  CHECK (status_validate_id ("../x", &err) < 0);
  isomer_error_release (&err);
  CHECK (status_validate_id ("..", &err) < 0);
  isomer_error_release (&err);
  char *dir = status_dir (root, "c1");
  CHECK (mkdir (dir, 0700) == 0);
  struct container_status st = { .pid = getpid (), .start_time = process_start_time (getpid ()), .bundle = "/b\"q",
                                 .rootfs = "/b/rootfs", .created = "2026-01-01T00:00:00Z", .annotations = "{\"k\":\"v\"}" };
  CHECK (st.start_time > 0);
  CHECK (status_write (dir, &st, &err) == 0);
  struct container_status back;
  CHECK (status_read (root, "c1", &back, &err) == 0);
  CHECK (back.pid == st.pid && back.start_time == st.start_time);
  CHECK_STR (back.bundle, "/b\"q");
  CHECK_STR (back.annotations, "{\"k\":\"v\"}");
  CHECK_STR (status_derive (root, "c1", &back), "running");
  back.start_time++;
  CHECK_STR (status_derive (root, "c1", &back), "stopped");
  status_free (&back);
  CHECK (status_read (root, "nope", &back, &err) < 0);
  CHECK_STR (err->msg, "container `nope` does not exist");
  isomer_error_release (&err);
  CHECK (parse_signal ("KILL") == SIGKILL && parse_signal ("SIGTERM") == SIGTERM && parse_signal ("9") == 9);
  CHECK (parse_signal ("RTMIN+3") == SIGRTMIN + 3 && parse_signal ("bogus") == -1);
  char *cmd = xasprintf ("rm -rf %s", root);
  CHECK (system (cmd) == 0);
  free (cmd);
  free (dir);
  return 0;
}
