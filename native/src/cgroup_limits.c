/* Write the resource limits of linux.resources into v1 or v2 controller files. */
#define _GNU_SOURCE
#include "cgroup.h"
#include "utils.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The directory that carries controller `ctrl` (v1 mount option or listed in v2 cgroup.controllers). */
static const struct cgroup_dir *
find_controller (const struct cgroup_set *set, const char *ctrl)
{
  for (size_t i = 0; i < set->n; i++)
    {
      const struct cgroup_dir *d = &set->dirs[i];
      cleanup_free char *hay = NULL, *needle = xasprintf (d->v2 ? " %s " : ",%s,", ctrl);
      if (d->v2)
        {
          cleanup_free char *path = xasprintf ("%s/cgroup.controllers", d->dir), *text = NULL;
          if (read_all_file (path, &text, NULL, NULL) < 0)
            continue;
          text[strcspn (text, "\n")] = '\0';
          hay = xasprintf (" %s ", text);
        }
      else
        hay = xasprintf (",%s,", d->controllers);
      if (strstr (hay, needle))
        return d;
    }
  return NULL;
}

static int
put (const struct cgroup_dir *d, const char *file, const char *value, isomer_error_t *err)
{
  cleanup_free char *path = xasprintf ("%s/%s", d->dir, file);
  if (write_file (path, value, strlen (value), err) < 0)
    return isomer_error_wrap (err, "set cgroup limit `%s` to `%s`", file, value);
  return 0;
}

static int
need (const struct cgroup_set *set, const char *ctrl, const struct cgroup_dir **out, isomer_error_t *err)
{
  *out = find_controller (set, ctrl);
  if (*out == NULL)
    return isomer_make_error (err, 0, "the `%s` cgroup controller is not available on this host", ctrl);
  return 0;
}

/* On v2, enable controllers in every ancestor's cgroup.subtree_control (errors ignored). */
static int
wanted (const struct spec *spec, const char *c)
{
  if (strcmp (c, "memory") == 0)
    return spec->mem_limit || spec->mem_reservation || spec->mem_swap;
  if (strcmp (c, "pids") == 0)
    return spec->pids_limit != 0;
  if (strcmp (c, "cpu") == 0)
    return spec->cpu_shares || spec->cpu_quota || spec->cpu_period;
  if (strcmp (c, "cpuset") == 0)
    return spec->cpuset_cpus || spec->cpuset_mems;
  if (strcmp (c, "io") == 0)
    return spec->n_throttles > 0;
  size_t l = strlen (c);
  for (size_t i = 0; spec->unified && spec->unified->type == JSON_OBJECT && i < spec->unified->len; i++)
    if (strncmp (spec->unified->keys[i], c, l) == 0 && spec->unified->keys[i][l] == '.')
      return 1;
  return 0;
}

static void
enable_v2_controllers (const struct spec *spec, const struct cgroup_set *set)
{
  for (size_t i = 0; i < set->n; i++)
    {
      /* a systemd scope with Delegate=yes: systemd enables the controllers above it */
      if (!set->dirs[i].v2 || set->dirs[i].systemd)
        continue;
      cleanup_free char *dir = xstrdup (set->dirs[i].dir);
      char *levels[64];
      int n = 0;
      /* from the hierarchy's root (a cgroup at the top needs the root's subtree_control) down */
      size_t root = set->dirs[i].mount ? strlen (set->dirs[i].mount) : strlen ("/sys/fs/cgroup");
      for (char *s = strrchr (dir, '/'); s && n < 64 && s >= dir + root; s = strrchr (dir, '/'))
        {
          *s = '\0';
          levels[n++] = xstrdup (dir);
        }
      while (n-- > 0)
        {
          /* the controllers the limits need, among those this level offers */
          cleanup_free char *path = xasprintf ("%s/cgroup.subtree_control", levels[n]);
          cleanup_free char *avail_path = xasprintf ("%s/cgroup.controllers", levels[n]), *avail = NULL;
          char *save = NULL;
          if (read_all_file (avail_path, &avail, NULL, NULL) == 0)
            for (char *c = strtok_r (avail, " \n", &save); c; c = strtok_r (NULL, " \n", &save))
              if (wanted (spec, c))
                {
                  cleanup_free char *plus = xasprintf ("+%s", c);
                  write_file (path, plus, strlen (plus), NULL);
                }
          free (levels[n]);
        }
    }
}

/* v1: devices.allow / devices.deny in order; v2 (and the hybrid's unified hierarchy too): an
   eBPF program attached to the container's cgroup. Rootless there are none: both need
   CAP_SYS_ADMIN in the host's user namespace even in a delegated cgroup, and a user namespace can
   neither make device nodes nor open one the caller could not (as runc and crun do rootless). */
static int
apply_devices (const struct spec *spec, const struct cgroup_set *set, isomer_error_t *err)
{
  if (geteuid () != 0)
    return 0;
  cleanup_free struct spec_devrule *rules = NULL;
  size_t n = cgroup_device_rules (spec, &rules);
  if (n == 0)
    return 0;
  const struct cgroup_dir *d = find_controller (set, "devices");
  for (size_t i = 0; d && !d->v2 && i < n; i++)
    {
      const struct spec_devrule *r = &rules[i];
      char rule[64], maj[24] = "*", min[24] = "*";
      if (r->major >= 0)
        snprintf (maj, sizeof (maj), "%ld", r->major);
      if (r->minor >= 0)
        snprintf (min, sizeof (min), "%ld", r->minor);
      if (r->type == 'a')
        snprintf (rule, sizeof (rule), "a");
      else
        snprintf (rule, sizeof (rule), "%c %s:%s %s", r->type, maj, min, r->access);
      if (put (d, r->allow ? "devices.allow" : "devices.deny", rule, err) < 0)
        return -1;
    }
  for (size_t i = 0; i < set->n; i++)
    if (set->dirs[i].v2 && cgroup_attach_device_program (set->dirs[i].dir, rules, n, err) < 0)
      return -1;
  return 0;
}

/* Block I/O rates: v2 io.max ("maj:min rbps=N", one key per write), v1 blkio.throttle.* files */
static int
apply_throttles (const struct spec *spec, const struct cgroup_set *set, isomer_error_t *err)
{
  static const char *const v2keys[] = { "rbps", "wbps", "riops", "wiops" };
  static const char *const v1files[] = { "blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
                                         "blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device" };
  const struct cgroup_dir *d = find_controller (set, "io");
  if (d == NULL && need (set, "blkio", &d, err) < 0)
    return -1;
  for (size_t i = 0; i < spec->n_throttles; i++)
    {
      const struct spec_throttle *t = &spec->throttles[i];
      char buf[96];
      if (d->v2)
        snprintf (buf, sizeof (buf), "%ld:%ld %s=%llu", t->major, t->minor, v2keys[t->kind], t->rate);
      else
        snprintf (buf, sizeof (buf), "%ld:%ld %llu", t->major, t->minor, t->rate);
      if (put (d, d->v2 ? "io.max" : v1files[t->kind], buf, err) < 0)
        return -1;
    }
  return 0;
}

int
cgroup_apply_limits (const struct spec *spec, const struct cgroup_set *set, isomer_error_t *err)
{
  const struct cgroup_dir *d;
  char buf[64];
  enable_v2_controllers (spec, set);
  if (spec->mem_limit || spec->mem_reservation || spec->mem_swap || spec->mem_swappiness >= 0 || spec->mem_disable_oom)
    {
      if (need (set, "memory", &d, err) < 0)
        return -1;
      if (spec->mem_limit)
        {
          snprintf (buf, sizeof (buf), spec->mem_limit > 0 ? "%lld" : (d->v2 ? "max" : "-1"), spec->mem_limit);
          if (put (d, d->v2 ? "memory.max" : "memory.limit_in_bytes", buf, err) < 0)
            return -1;
        }
      if (!d->v2 && spec->mem_swappiness >= 0 && spec->mem_swappiness <= 100)
        {
          snprintf (buf, sizeof (buf), "%lld", spec->mem_swappiness);
          if (put (d, "memory.swappiness", buf, err) < 0)
            return -1;
        }
      if (!d->v2 && spec->mem_disable_oom && put (d, "memory.oom_control", "1", err) < 0)
        return -1;
      if (spec->mem_reservation > 0)
        {
          snprintf (buf, sizeof (buf), "%lld", spec->mem_reservation);
          if (put (d, d->v2 ? "memory.low" : "memory.soft_limit_in_bytes", buf, err) < 0)
            return -1;
        }
      if (spec->mem_swap && !d->v2)
        {
          cleanup_free char *memsw = xasprintf ("%s/memory.memsw.limit_in_bytes", d->dir);
          snprintf (buf, sizeof (buf), "%lld", spec->mem_swap > 0 ? spec->mem_swap : -1);
          if (access (memsw, F_OK) == 0 && put (d, "memory.memsw.limit_in_bytes", buf, err) < 0)
            return -1;
        }
      else if (spec->mem_swap)
        {
          if (spec->mem_swap < 0)
            snprintf (buf, sizeof (buf), "max");
          else
            snprintf (buf, sizeof (buf), "%lld", spec->mem_swap - (spec->mem_limit > 0 ? spec->mem_limit : 0));
          put (d, "memory.swap.max", buf, NULL);
        }
    }
  if (spec->pids_limit)
    {
      if (need (set, "pids", &d, err) < 0)
        return -1;
      snprintf (buf, sizeof (buf), spec->pids_limit > 0 ? "%lld" : "max", spec->pids_limit);
      if (put (d, "pids.max", buf, err) < 0)
        return -1;
    }
  if (spec->cpu_shares || spec->cpu_quota || spec->cpu_period)
    {
      if (need (set, "cpu", &d, err) < 0)
        return -1;
      if (spec->cpu_shares)
        {
          long long v = d->v2 ? 1 + ((spec->cpu_shares - 2) * 9999) / 262142 : spec->cpu_shares;
          snprintf (buf, sizeof (buf), "%lld", v);
          if (put (d, d->v2 ? "cpu.weight" : "cpu.shares", buf, err) < 0)
            return -1;
        }
      if (d->v2 && (spec->cpu_quota || spec->cpu_period))
        {
          if (spec->cpu_quota > 0)
            snprintf (buf, sizeof (buf), "%lld %lld", spec->cpu_quota, spec->cpu_period ? spec->cpu_period : 100000);
          else
            snprintf (buf, sizeof (buf), "max %lld", spec->cpu_period ? spec->cpu_period : 100000);
          if (put (d, "cpu.max", buf, err) < 0)
            return -1;
        }
      else
        {
          snprintf (buf, sizeof (buf), "%lld", spec->cpu_period);
          if (spec->cpu_period && put (d, "cpu.cfs_period_us", buf, err) < 0)
            return -1;
          snprintf (buf, sizeof (buf), "%lld", spec->cpu_quota);
          if (spec->cpu_quota && put (d, "cpu.cfs_quota_us", buf, err) < 0)
            return -1;
        }
    }
  if (spec->cpuset_cpus || spec->cpuset_mems)
    {
      if (need (set, "cpuset", &d, err) < 0)
        return -1;
      if (spec->cpuset_cpus && put (d, "cpuset.cpus", spec->cpuset_cpus, err) < 0)
        return -1;
      if (spec->cpuset_mems && put (d, "cpuset.mems", spec->cpuset_mems, err) < 0)
        return -1;
    }
  if (spec->n_throttles && apply_throttles (spec, set, err) < 0)
    return -1;
  for (size_t i = 0; spec->unified && spec->unified->type == JSON_OBJECT && i < spec->unified->len; i++)
    {
      const struct cgroup_dir *v2 = NULL;
      for (size_t k = 0; k < set->n && v2 == NULL; k++)
        if (set->dirs[k].v2)
          v2 = &set->dirs[k];
      const char *key = spec->unified->keys[i], *val = spec->unified->items[i]->string;
      if (v2 == NULL)
        return isomer_make_error (err, 0, "`linux.resources.unified` needs a cgroup v2 hierarchy");
      if (val == NULL || strchr (key, '/') || strcmp (key, "..") == 0)
        return isomer_make_error (err, 0, "invalid `linux.resources.unified` entry `%s`", key);
      if (put (v2, key, val, err) < 0)
        return -1;
    }
  return apply_devices (spec, set, err);
}
