/* linux.seccomp from config.json: compiled once at create (libseccomp) to BPF, loaded raw. */
#ifndef ISOMER_SECCOMP_H
#define ISOMER_SECCOMP_H

#include "error.h"
#include "json.h"
#include <stddef.h>

/* A compiled filter: BPF program bytes and seccomp(2) flags. */
struct seccomp_bpf { void *data; size_t len; unsigned flags; };

/* Compile `seccomp` (may be NULL: empty result) and save it to `path` for exec. */
int seccomp_compile (const json_value *seccomp, const char *path, struct seccomp_bpf *out, isomer_error_t *err);
/* Read a filter saved by seccomp_compile; an absent file gives an empty filter. */
int seccomp_read (const char *path, struct seccomp_bpf *out, isomer_error_t *err);
/* Install the filter in the calling process (no-op when empty). */
int seccomp_install (const struct seccomp_bpf *bpf, isomer_error_t *err);

#endif
