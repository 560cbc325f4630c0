/* Applies tar entries to a layer directory: exact owners, modes, xattrs, times, devices, links;
   overlayfs whiteouts for `.wh.` entries; refuses anything that would land outside the directory. */
#ifndef ISOMER_UNPACK_APPLY_H
#define ISOMER_UNPACK_APPLY_H

#include "tar.h"

typedef struct
{
  struct timespec mtime;
  char *path;
} dir_time_t;

typedef struct
{
  int rootfd;
  char *cached_parent; /* path of the directory cached_fd refers to */
  int cached_fd;
  dir_time_t *dirs;
  size_t n_dirs, cap_dirs;
  uint64_t files, bytes, entries;
  int lowerfds[64]; /* lower layers, topmost first: targets of hardlinks across layers */
  size_t n_lowers;
  int userxattr;            /* rootless: overlayfs metadata as user.overlay.*, no device nodes */
  uint64_t skipped_devices; /* device nodes left out (userxattr) */
} apply_ctx_t;

/* Add a lower layer directory (call topmost first) for hardlinks to files of lower layers. */
int apply_add_lower (apply_ctx_t *ctx, const char *dir, isomer_error_t *err);

/* Open the layer directory `dest` (created if missing). */
int apply_init (apply_ctx_t *ctx, const char *dest, int userxattr, isomer_error_t *err);

/* Create what entry `e` describes, reading its data from `r`. */
int apply_entry (apply_ctx_t *ctx, tar_entry_t *e, tar_reader_t *r, isomer_error_t *err);

/* Set directory times (after their content exists) and release `ctx`. */
int apply_finish (apply_ctx_t *ctx, isomer_error_t *err);

#endif
