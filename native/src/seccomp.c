/* linux.seccomp: compile with libseccomp at create time, export BPF, install it with seccomp(2). */
#define _GNU_SOURCE
#include "seccomp.h"
#include "utils.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifndef ISOMER_NO_SECCOMP
#include <seccomp.h>

static int
parse_action (const char *name, const json_value *errno_ret, uint32_t *out)
{
  unsigned ret = errno_ret && errno_ret->type == JSON_NUMBER ? (unsigned) errno_ret->integer : EPERM;
  if (strcmp (name, "SCMP_ACT_ALLOW") == 0)
    *out = SCMP_ACT_ALLOW;
  else if (strcmp (name, "SCMP_ACT_ERRNO") == 0)
    *out = SCMP_ACT_ERRNO (ret);
  else if (strcmp (name, "SCMP_ACT_KILL") == 0 || strcmp (name, "SCMP_ACT_KILL_THREAD") == 0)
    *out = SCMP_ACT_KILL;
  else if (strcmp (name, "SCMP_ACT_KILL_PROCESS") == 0)
    *out = SCMP_ACT_KILL_PROCESS;
  else if (strcmp (name, "SCMP_ACT_TRAP") == 0)
    *out = SCMP_ACT_TRAP;
  else if (strcmp (name, "SCMP_ACT_TRACE") == 0)
    *out = SCMP_ACT_TRACE (ret);
  else if (strcmp (name, "SCMP_ACT_LOG") == 0)
    *out = SCMP_ACT_LOG;
  else
    return -1;
  return 0;
}

static int
parse_op (const char *name, enum scmp_compare *op)
{
  static const struct { const char *name; enum scmp_compare op; } ops[] = {
    { "SCMP_CMP_NE", SCMP_CMP_NE }, { "SCMP_CMP_LT", SCMP_CMP_LT }, { "SCMP_CMP_LE", SCMP_CMP_LE },
    { "SCMP_CMP_EQ", SCMP_CMP_EQ }, { "SCMP_CMP_GE", SCMP_CMP_GE }, { "SCMP_CMP_GT", SCMP_CMP_GT },
    { "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
  };
  for (size_t i = 0; name && i < sizeof (ops) / sizeof (ops[0]); i++)
    if (strcmp (ops[i].name, name) == 0)
      return *op = ops[i].op, 0;
  return -1;
}

static int
add_rule (scmp_filter_ctx ctx, uint32_t action, int nr, const json_value *args, isomer_error_t *err, const char *name)
{
  struct scmp_arg_cmp cmps[6];
  unsigned n = 0;
  for (size_t i = 0; args && args->type == JSON_ARRAY && i < args->len && n < 6; i++)
    {
      const json_value *a = args->items[i], *idx = json_get (a, "index"), *val = json_get (a, "value"),
                       *two = json_get (a, "valueTwo");
      enum scmp_compare op;
      if (parse_op (json_get_string (a, "op"), &op) < 0 || idx == NULL)
        return isomer_make_error (err, 0, "seccomp rule for `%s`: bad argument %zu", name, i);
      cmps[n].arg = idx->integer;
      cmps[n].op = op;
      cmps[n].datum_a = val ? (uint64_t) val->number : 0;
      cmps[n].datum_b = two ? (uint64_t) two->number : 0;
      if (val && val->integer >= 0)
        cmps[n].datum_a = (uint64_t) val->integer;
      if (two && two->integer >= 0)
        cmps[n].datum_b = (uint64_t) two->integer;
      n++;
    }
  int r = seccomp_rule_add_array (ctx, action, nr, n, cmps);
  if (r == -EINVAL && n > 1)
    /* several conditions on the same argument: one rule each (as runc does) */
    for (unsigned k = 0; k < n && (r = seccomp_rule_add_array (ctx, action, nr, 1, &cmps[k])) == 0; k++)
      ;
  if (r < 0)
    return isomer_make_error (err, -r, "add seccomp rule for `%s`", name);
  return 0;
}

static int
build (const json_value *sc, scmp_filter_ctx *out, unsigned *flags, isomer_error_t *err)
{
  uint32_t dflt;
  const char *da = json_get_string (sc, "defaultAction");
  if (da == NULL || parse_action (da, json_get (sc, "defaultErrnoRet"), &dflt) < 0)
    return isomer_make_error (err, 0, "unsupported seccomp `defaultAction` `%s`", da ? da : "null");
  scmp_filter_ctx ctx = seccomp_init (dflt);
  if (ctx == NULL)
    return isomer_make_error (err, ENOMEM, "seccomp_init");
  *out = ctx;
  seccomp_attr_set (ctx, SCMP_FLTATR_CTL_NNP, 0);
  const json_value *archs = json_get (sc, "architectures"), *fl = json_get (sc, "flags"), *calls = json_get (sc, "syscalls");
  for (size_t i = 0; archs && archs->type == JSON_ARRAY && i < archs->len; i++)
    {
      const char *name = archs->items[i]->string;
      cleanup_free char *lower = xstrdup (name && strncmp (name, "SCMP_ARCH_", 10) == 0 ? name + 10 : (name ? name : ""));
      for (char *p = lower; *p; p++)
        *p = (*p >= 'A' && *p <= 'Z') ? *p + 32 : *p;
      uint32_t arch = seccomp_arch_resolve_name (lower);
      if (arch == 0)
        continue;
      int r = seccomp_arch_add (ctx, arch);
      if (r < 0 && r != -EEXIST)
        return isomer_make_error (err, -r, "seccomp architecture `%s`", name);
    }
  for (size_t i = 0; fl && fl->type == JSON_ARRAY && i < fl->len; i++)
    if (fl->items[i]->string && strcmp (fl->items[i]->string, "SECCOMP_FILTER_FLAG_LOG") == 0)
      *flags |= SECCOMP_FILTER_FLAG_LOG;
    else if (fl->items[i]->string && strcmp (fl->items[i]->string, "SECCOMP_FILTER_FLAG_SPEC_ALLOW") == 0)
      *flags |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
  for (size_t i = 0; calls && calls->type == JSON_ARRAY && i < calls->len; i++)
    {
      const json_value *c = calls->items[i], *names = json_get (c, "names");
      const char *an = json_get_string (c, "action");
      uint32_t action;
      if (an == NULL || parse_action (an, json_get (c, "errnoRet"), &action) < 0)
        return isomer_make_error (err, 0, "unsupported seccomp action `%s` in `linux.seccomp.syscalls[%zu]`",
                                  an ? an : "null", i);
      if (action == dflt)
        continue;
      for (size_t k = 0; names && names->type == JSON_ARRAY && k < names->len; k++)
        {
          const char *name = names->items[k]->string;
          int nr = name ? seccomp_syscall_resolve_name (name) : __NR_SCMP_ERROR;
          if (nr == __NR_SCMP_ERROR)
            continue; /* unknown on this kernel/arch: skipped like runc */
          if (add_rule (ctx, action, nr, json_get (c, "args"), err, name) < 0)
            return -1;
        }
    }
  return 0;
}

int
seccomp_compile (const json_value *sc, const char *path, struct seccomp_bpf *out, isomer_error_t *err)
{
  scmp_filter_ctx ctx = NULL;
  unsigned flags = 0;
  memset (out, 0, sizeof (*out));
  if (sc == NULL || sc->type != JSON_OBJECT)
    return 0;
  int ret = build (sc, &ctx, &flags, err);
  if (ret >= 0)
    {
      cleanup_close int fd = open (path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      char hdr[16];
      snprintf (hdr, sizeof (hdr), "%08x", flags);
      if (fd < 0 || safe_write (fd, hdr, 8) < 0 || (ret = seccomp_export_bpf (ctx, fd)) < 0)
        ret = isomer_make_error (err, ret < 0 ? -ret : errno, "export the seccomp filter to `%s`", path);
    }
  if (ctx)
    seccomp_release (ctx);
  if (ret < 0)
    return isomer_error_wrap (err, "linux.seccomp");
  return seccomp_read (path, out, err);
}
#else
int
seccomp_compile (const json_value *sc, const char *path, struct seccomp_bpf *out, isomer_error_t *err)
{
  (void) path;
  memset (out, 0, sizeof (*out));
  if (sc == NULL || sc->type != JSON_OBJECT)
    return 0;
  return isomer_make_error (err, 0, "`linux.seccomp` is set but isomer-runtime was built without libseccomp "
                                    "(apt-get install libseccomp-dev, then make -C native)");
}
#endif

int
seccomp_read (const char *path, struct seccomp_bpf *out, isomer_error_t *err)
{
  char *text = NULL;
  size_t len = 0;
  memset (out, 0, sizeof (*out));
  if (read_all_file (path, &text, &len, err) < 0)
    {
      if ((*err)->status != ENOENT)
        return -1;
      isomer_error_release (err);
      return 0;
    }
  if (len < 8 || (len - 8) % sizeof (struct sock_filter) != 0)
    {
      free (text);
      return isomer_make_error (err, 0, "corrupt seccomp filter `%s`", path);
    }
  out->flags = strtoul (strndupa (text, 8), NULL, 16);
  out->len = len - 8;
  out->data = xmalloc (out->len);
  memcpy (out->data, text + 8, out->len);
  free (text);
  return 0;
}

int
seccomp_install (const struct seccomp_bpf *bpf, isomer_error_t *err)
{
  if (bpf == NULL || bpf->len == 0)
    return 0;
  struct sock_fprog prog = { .len = bpf->len / sizeof (struct sock_filter), .filter = bpf->data };
  if (syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, bpf->flags, &prog) < 0)
    return isomer_make_error (err, errno, "install the seccomp filter");
  return 0;
}
