/* isomer-unpack --pack DIR: writes DIR as a layer tar on stdout (overlay whiteouts -> .wh.).
   isomer-unpack DESTDIR: reads one decompressed layer tar on stdin and applies it to DESTDIR.
   Prints {"entries":N,"files":N,"bytes":N} on success; on failure one line on stderr
   (`isomer-unpack: <what failed>`) and exit 1. The caller checks digests and renames DESTDIR. */
#define _GNU_SOURCE
#include "apply.h"
#include "pack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Name the entry a stream-level failure happened in (a truncated or damaged layer), unless the
   message names one already: `entry` is the member being read, `last` the one before it. */
static void
name_entry (isomer_error_t *err, const char *entry, const char *last)
{
  char *msg = NULL;
  if (strncmp ((*err)->msg, "entry `", 7) == 0 || (entry == NULL && last == NULL))
    return;
  if (entry)
    isomer_error_wrap (err, "entry `%s`", entry);
  else if (strstr ((*err)->msg, "in the middle of an entry"))
    isomer_error_wrap (err, "entry `%s`", last);
  else if (asprintf (&msg, "%s (after entry `%s`)", (*err)->msg, last) >= 0)
    {
      free ((*err)->msg);
      (*err)->msg = msg;
    }
}

int
main (int argc, char **argv)
{
  char *last = NULL;
  isomer_error_t err = NULL;
  tar_reader_t r;
  tar_entry_t e = { 0 };
  apply_ctx_t ctx;
  int ret;

  if (argc == 3 && strcmp (argv[1], "--pack") == 0)
    {
      if (pack_dir (argv[2], 1, &err) < 0)
        goto fail;
      return 0;
    }
  /* --userxattr (rootless, run inside the user's namespace): user.overlay.* metadata, no devices;
     --lower DIR (repeatable, topmost first): lower layers hardlinks may point into */
  int first = 1, userxattr = 0;
  if (argc > 1 && strcmp (argv[1], "--userxattr") == 0)
    userxattr = first = 2;
  while (argc - first > 2 && strcmp (argv[first], "--lower") == 0)
    first += 2;
  if (argc - first != 1 || argv[first][0] == '-')
    {
      fprintf (stderr, "usage: isomer-unpack [--userxattr] [--lower DIR]... DESTDIR < layer.tar | isomer-unpack --pack DIR > layer.tar\n");
      return 2;
    }
  umask (0);
  if (tar_reader_init (&r, 0, &err) < 0 || apply_init (&ctx, argv[first], userxattr != 0, &err) < 0)
    goto fail;
  for (int i = userxattr ? 2 : 1; i < first; i += 2)
    if (apply_add_lower (&ctx, argv[i + 1], &err) < 0)
      goto fail;
  while ((ret = tar_next (&r, &e, &err)) > 0)
    {
      if (apply_entry (&ctx, &e, &r, &err) < 0)
        {
          name_entry (&err, e.path, NULL);
          goto fail;
        }
      free (last);
      last = e.path ? strdup (e.path) : NULL;
    }
  if (ret < 0)
    {
      name_entry (&err, NULL, last);
      goto fail;
    }
  /* drain trailing zero blocks so the writer never sees EPIPE */
  {
    char sink[65536];
    while (fread (sink, 1, sizeof sink, stdin) > 0)
      ;
  }
  if (apply_finish (&ctx, &err) < 0)
    goto fail;
  printf ("{\"entries\":%llu,\"files\":%llu,\"bytes\":%llu,\"skippedDevices\":%llu}\n", (unsigned long long) ctx.entries,
          (unsigned long long) ctx.files, (unsigned long long) ctx.bytes, (unsigned long long) ctx.skipped_devices);
  return 0;
fail:
  {
    char *text = isomer_error_text (err);
    fprintf (stderr, "isomer-unpack: %s\n", text);
    free (text);
  }
  return 1;
}
