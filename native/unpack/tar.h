/* Streaming reader for the tar formats OCI layers use: ustar, GNU long names, PAX headers
   (path, linkpath, size, uid, gid, mtime, SCHILY.xattr.*). Input is a file descriptor. */
#ifndef ISOMER_UNPACK_TAR_H
#define ISOMER_UNPACK_TAR_H

#include "error.h"
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

typedef struct
{
  char *name;
  char *value;
  size_t len;
} tar_xattr_t;

/* One archive member, with PAX and GNU extensions already folded in. */
typedef struct
{
  char *path;
  char *linkpath;
  char type; /* '0' file, '1' hardlink, '2' symlink, '3' char, '4' block, '5' dir, '6' fifo */
  mode_t mode;
  uid_t uid;
  gid_t gid;
  uint64_t size;
  struct timespec mtime;
  unsigned devmajor, devminor;
  tar_xattr_t *xattrs;
  size_t n_xattrs;
} tar_entry_t;

typedef struct
{
  int fd;
  unsigned char *buf;
  size_t cap, start, end;
  int eof;
  uint64_t remaining; /* data bytes of the current entry not yet consumed */
  uint64_t padding;   /* padding after the current entry's data */
  uint64_t total_in;
} tar_reader_t;

/* Set up a reader on `fd`. */
int tar_reader_init (tar_reader_t *r, int fd, isomer_error_t *err);

/* Read the next entry into `e` (freed and refilled); returns 1, 0 at the end, < 0 on error. */
int tar_next (tar_reader_t *r, tar_entry_t *e, isomer_error_t *err);

/* Point `*data` at up to `max` bytes of the current entry's data; returns the count, 0 at its end. */
ssize_t tar_data (tar_reader_t *r, const unsigned char **data, size_t max, isomer_error_t *err);

/* Release what `e` holds. */
void tar_entry_free (tar_entry_t *e);

#endif
