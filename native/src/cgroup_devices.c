/* Device rules: the effective list (linux.resources.devices, the default allow list after a
   deny-all, linux.devices), and on cgroup v2 an eBPF BPF_PROG_TYPE_CGROUP_DEVICE program made
   from it and attached to the container's cgroup (v2 has no devices.allow/deny files).
   The program checks the rules last to first and returns at the first match, which is v1's
   "the last matching rule wins"; no rule matching allows, as a fresh v1 cgroup does. */
#define _GNU_SOURCE
#include "cgroup.h"
#include "utils.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* What a container may always use once everything was denied: mknod of any node, the null,
   zero, full, random and urandom devices, tty, console, ptmx, the ptys and /dev/net/tun. */
static const struct spec_devrule defaults[] = {
  { 1, 'c', -1, -1, "m" },   { 1, 'b', -1, -1, "m" },   { 1, 'c', 1, 3, "rwm" },   { 1, 'c', 1, 5, "rwm" },
  { 1, 'c', 1, 7, "rwm" },   { 1, 'c', 1, 8, "rwm" },   { 1, 'c', 1, 9, "rwm" },   { 1, 'c', 5, 0, "rwm" },
  { 1, 'c', 5, 1, "rwm" },   { 1, 'c', 5, 2, "rwm" },   { 1, 'c', 136, -1, "rwm" }, { 1, 'c', 10, 200, "rwm" },
};

size_t
cgroup_device_rules (const struct spec *spec, struct spec_devrule **out)
{
  size_t n = 0, nd = sizeof (defaults) / sizeof (defaults[0]);
  *out = NULL;
  if (spec->n_devrules == 0)
    return 0;
  *out = xcalloc (spec->n_devrules * (1 + nd) + spec->n_devices, sizeof (**out));
  for (size_t i = 0; i < spec->n_devrules; i++)
    {
      const struct spec_devrule *r = &spec->devrules[i];
      (*out)[n++] = *r;
      if (!r->allow && r->type == 'a')
        for (size_t k = 0; k < nd; k++)
          (*out)[n++] = defaults[k];
    }
  for (size_t i = 0; i < spec->n_devices; i++)
    (*out)[n++] = (struct spec_devrule){ 1, spec->devices[i].type == 'u' ? 'c' : spec->devices[i].type,
                                         spec->devices[i].major, spec->devices[i].minor, "rwm" };
  return n;
}

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define LDX_W(d, s, o) INSN (BPF_LDX | BPF_MEM | BPF_W, d, s, o, 0)
#define ALU32_K(op, d, i) INSN (BPF_ALU | (op) | BPF_K, d, 0, 0, i)
#define MOV32_R(d, s) INSN (BPF_ALU | BPF_MOV | BPF_X, d, s, 0, 0)
#define JNE_K(d, i, o) INSN (BPF_JMP | BPF_JNE | BPF_K, d, 0, o, i)
#define JNE_R(d, s, o) INSN (BPF_JMP | BPF_JNE | BPF_X, d, s, o, 0)
#define MOV64_K(d, i) INSN (BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define EXIT() INSN (BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

static int
access_bits (const char *access)
{
  int bits = 0;
  for (const char *a = access; *a; a++)
    bits |= *a == 'm' ? BPF_DEVCG_ACC_MKNOD : *a == 'r' ? BPF_DEVCG_ACC_READ : *a == 'w' ? BPF_DEVCG_ACC_WRITE : 0;
  return bits;
}

size_t
cgroup_device_program (const struct spec_devrule *rules, size_t n, struct bpf_insn **out)
{
  /* 6 prologue + at most 7 per rule + 2 */
  struct bpf_insn *p = xcalloc (6 + 7 * n + 2, sizeof (*p));
  size_t len = 0;
  /* r2 = type, r3 = access, r4 = major, r5 = minor (struct bpf_cgroup_dev_ctx in r1) */
  p[len++] = LDX_W (BPF_REG_2, BPF_REG_1, 0);
  p[len++] = ALU32_K (BPF_AND, BPF_REG_2, 0xffff);
  p[len++] = LDX_W (BPF_REG_3, BPF_REG_1, 0);
  p[len++] = ALU32_K (BPF_RSH, BPF_REG_3, 16);
  p[len++] = LDX_W (BPF_REG_4, BPF_REG_1, 4);
  p[len++] = LDX_W (BPF_REG_5, BPF_REG_1, 8);
  for (size_t i = n; i-- > 0;)
    {
      const struct spec_devrule *r = &rules[i];
      struct bpf_insn blk[7];
      size_t b = 0, jumps[4], nj = 0;
      int acc = access_bits (r->access);
      if (r->type == 'b' || r->type == 'c')
        {
          jumps[nj++] = b;
          blk[b++] = JNE_K (BPF_REG_2, r->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR, 0);
        }
      if (acc != (BPF_DEVCG_ACC_MKNOD | BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE))
        {
          /* every access asked for must be one the rule names */
          blk[b++] = MOV32_R (BPF_REG_1, BPF_REG_3);
          blk[b++] = ALU32_K (BPF_AND, BPF_REG_1, acc);
          jumps[nj++] = b;
          blk[b++] = JNE_R (BPF_REG_1, BPF_REG_3, 0);
        }
      if (r->type != 'a' && r->major >= 0)
        {
          jumps[nj++] = b;
          blk[b++] = JNE_K (BPF_REG_4, (int) r->major, 0);
        }
      if (r->type != 'a' && r->minor >= 0)
        {
          jumps[nj++] = b;
          blk[b++] = JNE_K (BPF_REG_5, (int) r->minor, 0);
        }
      blk[b++] = MOV64_K (BPF_REG_0, r->allow ? 1 : 0);
      blk[b++] = EXIT ();
      for (size_t j = 0; j < nj; j++)
        blk[jumps[j]].off = (short) (b - jumps[j] - 1);
      memcpy (p + len, blk, b * sizeof (*blk));
      len += b;
      /* a rule matching every device and access decides alone: what follows is unreachable,
         which the verifier refuses */
      if (nj == 0)
        {
          *out = p;
          return len;
        }
    }
  p[len++] = MOV64_K (BPF_REG_0, 1);
  p[len++] = EXIT ();
  *out = p;
  return len;
}

int
cgroup_attach_device_program (const char *dir, const struct spec_devrule *rules, size_t n, isomer_error_t *err)
{
  cleanup_free struct bpf_insn *insns = NULL;
  size_t len = cgroup_device_program (rules, n, &insns);
  char log[4096] = "";
  union bpf_attr attr;
  memset (&attr, 0, sizeof (attr));
  attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  attr.insns = (uint64_t) (uintptr_t) insns;
  attr.insn_cnt = (uint32_t) len;
  attr.license = (uint64_t) (uintptr_t) "Apache";
  cleanup_close int prog = syscall (SYS_bpf, BPF_PROG_LOAD, &attr, sizeof (attr));
  if (prog < 0 && errno != EPERM)
    {
      /* again with the verifier's log, for the message */
      int saved = errno;
      attr.log_buf = (uint64_t) (uintptr_t) log;
      attr.log_size = sizeof (log);
      attr.log_level = 1;
      syscall (SYS_bpf, BPF_PROG_LOAD, &attr, sizeof (attr));
      errno = saved;
    }
  if (prog < 0)
    return isomer_make_error (err, errno, "load the eBPF device program (%zu instructions)%s%s", len,
                              *log ? ": " : "", log);
  cleanup_close int cg = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (cg < 0)
    return isomer_make_error (err, errno, "open cgroup `%s`", dir);
  memset (&attr, 0, sizeof (attr));
  attr.target_fd = cg;
  attr.attach_bpf_fd = prog;
  attr.attach_type = BPF_CGROUP_DEVICE;
  /* multi: the container's own systemd attaches programs to its units below */
  attr.attach_flags = BPF_F_ALLOW_MULTI;
  if (syscall (SYS_bpf, BPF_PROG_ATTACH, &attr, sizeof (attr)) < 0)
    return isomer_make_error (err, errno, "attach the eBPF device program to cgroup `%s`", dir);
  return 0;
}
