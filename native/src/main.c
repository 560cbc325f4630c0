/* isomer-runtime: global flags, the verb table, and the one place that prints errors and exits. */
#define _GNU_SOURCE
#include "cli.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct { const char *name; int (*fn) (struct global_options *, int, char **, isomer_error_t *); } verbs[] = {
  { "create", cmd_create }, { "start", cmd_start }, { "state", cmd_state }, { "kill", cmd_kill },
  { "delete", cmd_delete }, { "list", cmd_list }, { "run", cmd_run }, { "exec", cmd_exec }, { "unshare", cmd_unshare },
};

static void
usage (FILE *f)
{
  fputs ("usage: isomer-runtime [--root DIR] [--debug] [--log FILE] VERB ...\n"
         "verbs: create --bundle DIR [--pid-file F] [--console-socket S] ID | start ID | state ID\n"
         "       run [--bundle DIR] [--detach] ID | exec [--tty] [--cwd D] [--env K=V] [--user U[:G]]\n"
         "       [--process F] [--detach] ID [--] ARGV | kill [--all] ID [SIGNAL] | delete [--force] ID\n"
         "       list [--format table|json] [--quiet]\n"
         "       unshare [--net] --uid-map C:H:N [--gid-map C:H:N] [--] CMD...\n",
         f);
}

/* $ISOMER_RUNTIME_ROOT, else /run/isomer/runtime for root and, for an ordinary user (who cannot
   write /run), $XDG_RUNTIME_DIR/isomer/runtime or ~/.local/share/isomer/runtime. */
static const char *
default_root (void)
{
  static char buf[4096];
  const char *env = getenv ("ISOMER_RUNTIME_ROOT"), *xdg = getenv ("XDG_RUNTIME_DIR"), *home = getenv ("HOME");
  if (env && *env)
    return env;
  if (geteuid () == 0)
    return "/run/isomer/runtime";
  if (xdg && *xdg == '/')
    snprintf (buf, sizeof (buf), "%s/isomer/runtime", xdg);
  else
    snprintf (buf, sizeof (buf), "%s/.local/share/isomer/runtime", home && *home ? home : "/tmp");
  return buf;
}

int
main (int argc, char **argv)
{
  struct global_options g = { default_root (), 0 };
  isomer_error_t err = NULL;
  const char *log_file = NULL;
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; i++)
    {
      const char *v = NULL;
      if (cli_option (argc, argv, &i, "root", NULL, &v))
        g.root = v ? v : g.root;
      else if (cli_flag (argv[i], "debug", NULL) || cli_flag (argv[i], "systemd-cgroup", NULL))
        g.debug = 1;
      else if (cli_option (argc, argv, &i, "log", NULL, &v))
        log_file = v;
      else if (cli_option (argc, argv, &i, "log-format", NULL, &v)
               || cli_option (argc, argv, &i, "rootless", NULL, &v) || cli_option (argc, argv, &i, "criu", NULL, &v))
        continue;
      else if (cli_flag (argv[i], "help", "h"))
        return usage (stdout), 0;
      else if (cli_flag (argv[i], "version", "v"))
        return puts ("isomer-runtime version 0.1.0\nspec: 1.0.2"), 0;
      else
        {
          fprintf (stderr, "isomer-runtime: unknown global option `%s`\n", argv[i]);
          return 1;
        }
    }
  char cwd[4096], *abs_root = NULL;
  if (g.root[0] != '/' && getcwd (cwd, sizeof (cwd)) && asprintf (&abs_root, "%s/%s", cwd, g.root) > 0)
    g.root = abs_root; /* the shim changes directory to `/` */
  if (i >= argc)
    {
      usage (stderr);
      return 1;
    }
  for (size_t k = 0; k < sizeof (verbs) / sizeof (verbs[0]); k++)
    if (strcmp (verbs[k].name, argv[i]) == 0)
      {
        int ret = verbs[k].fn (&g, argc - i - 1, argv + i + 1, &err);
        fflush (stdout);
        for (char *const *w = isomer_warnings (); *w; w++)
          fprintf (stderr, "isomer-runtime: %s\n", *w);
        if (ret < 0)
          {
            char *text = isomer_error_text (err);
            fprintf (stderr, "isomer-runtime: %s\n", text);
            FILE *log = log_file ? fopen (log_file, "ae") : NULL;
            if (log)
              {
                fprintf (log, "isomer-runtime: %s\n", text);
                fclose (log);
              }
            free (text);
            isomer_error_release (&err);
            return 1;
          }
        return ret;
      }
  fprintf (stderr, "isomer-runtime: unknown command `%s`: expected one of create, start, state, kill, delete, list, run, exec, unshare\n",
           argv[i]);
  return 1;
}
