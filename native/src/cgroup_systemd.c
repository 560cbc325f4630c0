/* The systemd cgroup manager: on a pure-v2 host whose PID 1 is systemd, the container's cgroup is
   a transient scope (`isomer-<id>.scope` in `isomer.slice`, Delegate=yes) that systemd creates
   for us over D-Bus, so isomer writes nothing at the host's top level and systemd knows the
   subtree is delegated. libsystemd is opened with dlopen: no build or run dependency on hosts
   without it (they use cgroupfs). */
#define _GNU_SOURCE
#include "cgroup.h"
#include "utils.h"
#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The sd-bus calls we use, with their public signatures (sd-bus.h). */
typedef struct sd_bus sd_bus;
typedef struct sd_bus_message sd_bus_message;
typedef struct { const char *name, *message; int _need_free; } sd_bus_error;

static struct
{
  int loaded;
  int (*open_system) (sd_bus **);
  sd_bus *(*flush_close_unref) (sd_bus *);
  int (*new_method_call) (sd_bus *, sd_bus_message **, const char *, const char *, const char *, const char *);
  int (*append) (sd_bus_message *, const char *, ...);
  int (*open_container) (sd_bus_message *, char, const char *);
  int (*close_container) (sd_bus_message *);
  int (*call) (sd_bus *, sd_bus_message *, uint64_t, sd_bus_error *, sd_bus_message **);
  sd_bus_message *(*message_unref) (sd_bus_message *);
  void (*error_free) (sd_bus_error *);
} sd;

static int
load_sd_bus (void)
{
  if (sd.loaded)
    return sd.loaded > 0 ? 0 : -1;
  sd.loaded = -1;
  void *h = dlopen ("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);
  if (h == NULL)
    return -1;
#define SYM(field, name)                                                                                               \
  if ((*(void **) &sd.field = dlsym (h, name)) == NULL)                                                                \
    return -1;
  SYM (open_system, "sd_bus_open_system");
  SYM (flush_close_unref, "sd_bus_flush_close_unref");
  SYM (new_method_call, "sd_bus_message_new_method_call");
  SYM (append, "sd_bus_message_append");
  SYM (open_container, "sd_bus_message_open_container");
  SYM (close_container, "sd_bus_message_close_container");
  SYM (call, "sd_bus_call");
  SYM (message_unref, "sd_bus_message_unref");
  SYM (error_free, "sd_bus_error_free");
#undef SYM
  sd.loaded = 1;
  return 0;
}

int
cgroup_systemd_available (isomer_error_t *err)
{
  const char *forced = getenv ("ISOMER_CGROUP_MANAGER");
  int want = forced && strcmp (forced, "systemd") == 0;
  if (forced && !want)
    return 0;
  /* An ordinary user may not start units in the system manager (StartTransientUnit is refused
     with "Permission denied"): rootless takes the cgroupfs path, which uses a subtree delegated to
     the caller (its own cgroup when it owns it) or goes without a cgroup, with a note. */
  if (geteuid () != 0)
    return want ? isomer_make_error (err, 0, "ISOMER_CGROUP_MANAGER=systemd is not supported rootless (the system "
                                             "manager refuses an ordinary user's transient units): unset it")
                : 0;
  if (access ("/run/systemd/system", F_OK) < 0)
    return want ? isomer_make_error (err, 0, "ISOMER_CGROUP_MANAGER=systemd, but PID 1 is not systemd "
                                             "(no `/run/systemd/system`): unset it to use cgroupfs")
                : 0;
  if (load_sd_bus () < 0)
    return want ? isomer_make_error (err, 0, "ISOMER_CGROUP_MANAGER=systemd, but `libsystemd.so.0` cannot be "
                                             "loaded (%s): install libsystemd0 or unset it", dlerror ())
                : 0;
  return 1;
}

static int
bus_error (isomer_error_t *err, int r, sd_bus_error *e, const char *what, const char *unit)
{
  int ret = isomer_make_error (err, r < 0 ? -r : 0, "systemd: %s `%s`%s%s", what, unit, e && e->message ? ": " : "",
                               e && e->message ? e->message : "");
  if (e)
    sd.error_free (e);
  return ret;
}

/* org.freedesktop.systemd1.Manager: StartTransientUnit(unit, "fail", props, []) when pid > 0,
   else StopUnit(unit, "replace"). */
static int
manager_call (const char *method, const char *unit, pid_t pid, const char *slice, isomer_error_t *err)
{
  sd_bus *bus = NULL;
  sd_bus_message *m = NULL, *reply = NULL;
  sd_bus_error e = { 0 };
  int r = sd.open_system (&bus);
  if (r < 0)
    return bus_error (err, r, NULL, "connect to the system bus for", unit);
  r = sd.new_method_call (bus, &m, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                          "org.freedesktop.systemd1.Manager", method);
  if (r >= 0 && pid > 0)
    {
      cleanup_free char *desc = xasprintf ("isomer container %s", unit);
      if ((r = sd.append (m, "ss", unit, "fail")) >= 0 && (r = sd.open_container (m, 'a', "(sv)")) >= 0
          && (r = sd.append (m, "(sv)", "Description", "s", desc)) >= 0
          && (r = sd.append (m, "(sv)", "Slice", "s", slice)) >= 0
          && (r = sd.append (m, "(sv)", "Delegate", "b", 1)) >= 0
          && (r = sd.append (m, "(sv)", "CollectMode", "s", "inactive-or-failed")) >= 0
          && (r = sd.append (m, "(sv)", "PIDs", "au", 1, (uint32_t) pid)) >= 0
          && (r = sd.close_container (m)) >= 0)
        r = sd.append (m, "a(sa(sv))", 0);
    }
  else if (r >= 0)
    r = sd.append (m, "ss", unit, "replace");
  if (r >= 0)
    r = sd.call (bus, m, 0, &e, &reply);
  int ret = r < 0 ? bus_error (err, r, &e, pid > 0 ? "start the transient scope" : "stop", unit) : 0;
  if (reply)
    sd.message_unref (reply);
  if (m)
    sd.message_unref (m);
  sd.flush_close_unref (bus);
  return ret;
}

int
cgroup_systemd_start (const struct cgroup_dir *d, pid_t pid, isomer_error_t *err)
{
  const char *unit = strrchr (d->dir, '/') + 1;
  cleanup_free char *slice = xstrdup (d->dir);
  *strrchr (slice, '/') = '\0';
  memmove (slice, strrchr (slice, '/') + 1, strlen (strrchr (slice, '/') + 1) + 1);
  if (load_sd_bus () < 0)
    return isomer_make_error (err, 0, "systemd: cannot load `libsystemd.so.0` (%s)", dlerror ());
  if (manager_call ("StartTransientUnit", unit, pid, slice, err) < 0)
    return -1;
  /* the job is queued: wait until systemd has moved `pid` into the scope (up to ~10 s) */
  cleanup_free char *want = xasprintf ("0::%s\n", d->dir + strlen (d->mount));
  char path[64];
  snprintf (path, sizeof (path), "/proc/%d/cgroup", pid);
  for (int i = 0; i < 1000; i++)
    {
      cleanup_free char *text = NULL;
      if (read_all_file (path, &text, NULL, NULL) == 0 && strstr (text, want))
        return 0;
      sleep_ms (10);
    }
  return isomer_make_error (err, 0, "systemd: started `%s`, but pid %d did not arrive in `%s`", unit, pid, d->dir);
}

void
cgroup_systemd_stop (const struct cgroup_dir *d)
{
  const char *unit = strrchr (d->dir, '/') + 1;
  if (load_sd_bus () == 0)
    manager_call ("StopUnit", unit, 0, NULL, NULL);
}

char *
cgroup_systemd_slice_path (const char *slice)
{
  if (strcmp (slice, "-.slice") == 0 || *slice == '\0')
    return xstrdup ("");
  /* a-b.slice lives in a.slice: a.slice/a-b.slice */
  char *out = xstrdup ("");
  size_t base = strlen (slice) - (strlen (slice) > 6 && strcmp (slice + strlen (slice) - 6, ".slice") == 0 ? 6 : 0);
  for (size_t i = 0; i <= base; i++)
    if (i == base || slice[i] == '-')
      {
        char *next = xasprintf ("%s/%.*s.slice", out, (int) i, slice);
        free (out);
        out = next;
      }
  return out;
}
