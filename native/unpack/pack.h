/* Writes a directory as a layer tar on stdout (the reverse of apply): an overlay upper dir's
   whiteouts (char 0/0) become `.wh.NAME`, `trusted.overlay.opaque=y` becomes `.wh..wh..opq`. */
#ifndef ISOMER_UNPACK_PACK_H
#define ISOMER_UNPACK_PACK_H

#include "tar.h"

/* Write the tree under `dir` to fd `out` as a PAX tar, entries in name order. */
int pack_dir (const char *dir, int out, isomer_error_t *err);

#endif
