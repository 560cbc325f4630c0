/* linux.seccomp compiles to a BPF file that reads back; bad actions are refused clearly. */
#define _GNU_SOURCE
#include "check.h"
#include "json.h"
#include "seccomp.h"
#include "utils.h"
#include <linux/filter.h>

int
main (void)
{
  isomer_error_t err = NULL;
  struct seccomp_bpf bpf, back;
  char dir[] = "/tmp/isomer-test-seccomp-XXXXXX";
  CHECK (mkdtemp (dir) != NULL);
  char *path = xasprintf ("%s/seccomp.bpf", dir);
  CHECK (seccomp_compile (NULL, path, &bpf, &err) == 0 && bpf.len == 0);
  json_value *v = json_parse ("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
                              "\"flags\":[\"SECCOMP_FILTER_FLAG_LOG\"],\"syscalls\":["
                              "{\"names\":[\"read\",\"write\",\"no_such_syscall\"],\"action\":\"SCMP_ACT_ALLOW\"},"
                              "{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":8,\"op\":\"SCMP_CMP_EQ\"}]}]}",
                              &err);
  CHECK (v != NULL);
  int ret = seccomp_compile (v, path, &bpf, &err);
  if (ret < 0 && strstr (err->msg, "built without libseccomp"))
    return 77;
  CHECK (ret == 0);
  CHECK (bpf.len > 0 && bpf.len % sizeof (struct sock_filter) == 0 && bpf.flags != 0);
  CHECK (seccomp_read (path, &back, &err) == 0 && back.len == bpf.len && memcmp (back.data, bpf.data, bpf.len) == 0);
  json_free (v);
  v = json_parse ("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}", &err);
  CHECK (seccomp_compile (v, path, &bpf, &err) < 0 && strstr (err->msg, "unsupported seccomp action `SCMP_ACT_NOTIFY`"));
  isomer_error_release (&err);
  json_free (v);
  char *missing = xasprintf ("%s/none.bpf", dir);
  CHECK (seccomp_read (missing, &back, &err) == 0 && back.len == 0);
  char *rm = xasprintf ("rm -rf %s", dir);
  CHECK (system (rm) == 0);
  free (rm);
  free (missing);
  free (path);
  return 0;
}
