/* config.json subset loading and mount option parsing. */
#define _GNU_SOURCE
#include "check.h"
#include "linux.h"
#include "spec.h"
#include "utils.h"
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>

static const char *config =
  "{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"rootfs\",\"readonly\":true},\"hostname\":\"h\","
  "\"process\":{\"args\":[\"sh\"],\"env\":[\"A=1\"],\"cwd\":\"/w\",\"user\":{\"uid\":5,\"gid\":6,\"additionalGids\":[7]},"
  "\"capabilities\":{\"bounding\":[\"CAP_KILL\",\"CAP_SYS_ADMIN\"]},\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":10,\"soft\":9}],"
  "\"noNewPrivileges\":true},"
  "\"mounts\":[{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"},{\"destination\":\"/d\",\"type\":\"bind\",\"source\":\"data\",\"options\":[\"rbind\",\"ro\"]}],"
  "\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"network\",\"path\":\"/run/netns/x\"}],\"cgroupsPath\":\"a/b\","
  "\"resources\":{\"memory\":{\"limit\":1048576},\"pids\":{\"limit\":20}},\"maskedPaths\":[\"/proc/kcore\"],\"sysctl\":{\"net.ipv4.ip_forward\":\"1\"}}}";

int
main (void)
{
  isomer_error_t err = NULL;
  char dir[] = "/tmp/isomer-test-spec-XXXXXX";
  CHECK (mkdtemp (dir) != NULL);
  char *path = xasprintf ("%s/config.json", dir);
  CHECK (write_file (path, config, strlen (config), &err) == 0);
  struct spec s;
  CHECK (spec_load (dir, &s, &err) == 0);
  char *root = xasprintf ("%s/rootfs", dir);
  CHECK_STR (s.root_path, root);
  CHECK (s.root_readonly && s.process.uid == 5 && s.process.gid == 6 && s.process.n_gids == 1 && s.process.gids[0] == 7);
  CHECK (s.process.caps[CAPSET_BOUNDING] == ((1ULL << 5) | (1ULL << 21)) && s.process.no_new_privs);
  CHECK (s.process.n_rlimits == 1 && s.process.rlimits[0].resource == RLIMIT_NOFILE && s.process.rlimits[0].hard == 10);
  CHECK (s.n_mounts == 2 && strstr (s.mounts[1].source, "/data") != NULL);
  CHECK (s.n_namespaces == 2 && s.namespaces[0].flag == CLONE_NEWPID && s.namespaces[1].path != NULL);
  CHECK (s.mem_limit == 1048576 && s.pids_limit == 20 && s.n_masked == 1 && s.n_sysctl == 1);
  CHECK_STR (s.cgroups_path, "a/b");
  unsigned long flags, prop;
  char *data;
  CHECK (linux_parse_mount_options (s.mounts[1].options, s.mounts[1].n_options, &flags, &prop, &data) == 2);
  CHECK (flags == MS_RDONLY && prop == 0 && *data == '\0');
  free (data);
  char *opts[] = { "nosuid", "rslave", "mode=755", "size=1m" };
  CHECK (linux_parse_mount_options (opts, 4, &flags, &prop, &data) == 0);
  CHECK (flags == MS_NOSUID && prop == (MS_SLAVE | MS_REC));
  CHECK_STR (data, "mode=755,size=1m");
  free (data);
  spec_free (&s);
  const char *bad = "{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],\"capabilities\":{\"bounding\":[\"CAP_NOPE\"]}}}";
  CHECK (write_file (path, bad, strlen (bad), &err) == 0);
  CHECK (spec_load (dir, &s, &err) < 0 && strstr (err->msg, "unknown capability `CAP_NOPE`") != NULL);
  isomer_error_release (&err);
  spec_free (&s);
  char *cmd = xasprintf ("rm -rf %s", dir);
  CHECK (system (cmd) == 0);
  free (cmd);
  free (path);
  free (root);
  return 0;
}
