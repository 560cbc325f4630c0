/* Load the supported subset of config.json into struct spec. */
#define _GNU_SOURCE
#include "spec.h"
#include "utils.h"
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

static char **
string_array (json_value *v, size_t *n, const char *where, isomer_error_t *err, int *failed)
{
  char **out;
  *n = 0;
  if (v == NULL || v->type == JSON_NULL)
    return NULL;
  if (v->type != JSON_ARRAY)
    {
      *failed = isomer_make_error (err, 0, "expected `%s` to be an array of strings", where);
      return NULL;
    }
  out = xcalloc (v->len + 1, sizeof (char *));
  for (size_t i = 0; i < v->len; i++)
    {
      if (v->items[i]->type != JSON_STRING)
        {
          *failed = isomer_make_error (err, 0, "expected `%s[%zu]` to be a string", where, i);
          return out;
        }
      out[i] = xstrdup (v->items[i]->string);
    }
  *n = v->len;
  return out;
}

static long long
int_member (json_value *obj, const char *key, long long dflt)
{
  json_value *v = json_get (obj, key);
  return v && v->type == JSON_NUMBER ? v->integer : dflt;
}

/* an rlimit value: uint64, 18446744073709551615 (RLIM_INFINITY) beyond long long's range */
static unsigned long long
rlimit_member (json_value *obj, const char *key)
{
  json_value *v = json_get (obj, key);
  if (v == NULL || v->type != JSON_NUMBER || v->number < 0)
    return 0;
  return v->number >= 9.2e18 ? (unsigned long long) RLIM_INFINITY : (unsigned long long) v->integer;
}

static int
parse_caps (json_value *caps, struct spec_process *proc, isomer_error_t *err)
{
  static const char *const sets[CAPSET_COUNT] = { "bounding", "effective", "inheritable", "permitted", "ambient" };
  if (caps == NULL || caps->type != JSON_OBJECT)
    return 0;
  proc->has_caps = 1;
  for (int s = 0; s < CAPSET_COUNT; s++)
    {
      json_value *arr = json_get (caps, sets[s]);
      for (size_t i = 0; arr && arr->type == JSON_ARRAY && i < arr->len; i++)
        {
          int cap = arr->items[i]->type == JSON_STRING ? cap_from_name (arr->items[i]->string) : -1;
          if (cap < 0)
            return isomer_make_error (err, 0, "unknown capability `%s` in `process.capabilities.%s`",
                                      arr->items[i]->string ? arr->items[i]->string : "?", sets[s]);
          if (cap <= cap_last_cap ())
            proc->caps[s] |= 1ULL << cap;
        }
    }
  return 0;
}

int
spec_parse_process (json_value *obj, struct spec_process *proc, isomer_error_t *err)
{
  int failed = 0;
  json_value *user = json_get (obj, "user"), *rl = json_get (obj, "rlimits"), *cs = json_get (obj, "consoleSize");
  if (obj == NULL || obj->type != JSON_OBJECT)
    return isomer_make_error (err, 0, "expected `process` to be an object");
  proc->args = string_array (json_get (obj, "args"), &proc->n_args, "process.args", err, &failed);
  proc->env = string_array (json_get (obj, "env"), &proc->n_env, "process.env", err, &failed);
  if (failed)
    return failed;
  proc->cwd = xstrdup (json_get_string (obj, "cwd") ? json_get_string (obj, "cwd") : "/");
  proc->uid = int_member (user, "uid", 0);
  proc->gid = int_member (user, "gid", 0);
  if (json_get (user, "umask"))
    proc->has_umask = 1, proc->umask = int_member (user, "umask", 022);
  json_value *gids = json_get (user, "additionalGids");
  if (gids && gids->type == JSON_ARRAY)
    {
      proc->gids = xcalloc (gids->len + 1, sizeof (gid_t));
      for (size_t i = 0; i < gids->len; i++)
        proc->gids[i] = gids->items[i]->integer;
      proc->n_gids = gids->len;
    }
  json_value *b = json_get (obj, "terminal");
  proc->terminal = b && b->type == JSON_BOOL && b->boolean;
  b = json_get (obj, "noNewPrivileges");
  proc->no_new_privs = b && b->type == JSON_BOOL && b->boolean;
  if (json_get (obj, "oomScoreAdj"))
    proc->has_oom_score_adj = 1, proc->oom_score_adj = int_member (obj, "oomScoreAdj", 0);
  proc->console_height = int_member (cs, "height", 0);
  proc->console_width = int_member (cs, "width", 0);
  if (parse_caps (json_get (obj, "capabilities"), proc, err) < 0)
    return -1;
  for (size_t i = 0; rl && rl->type == JSON_ARRAY && i < rl->len; i++)
    {
      const char *type = json_get_string (rl->items[i], "type");
      int res = type ? rlimit_from_name (type) : -1;
      if (res < 0)
        return isomer_make_error (err, 0, "unknown rlimit `%s` in `process.rlimits[%zu]`", type ? type : "?", i);
      proc->rlimits = xrealloc (proc->rlimits, (proc->n_rlimits + 1) * sizeof (*proc->rlimits));
      proc->rlimits[proc->n_rlimits].resource = res;
      proc->rlimits[proc->n_rlimits].soft = rlimit_member (rl->items[i], "soft");
      proc->rlimits[proc->n_rlimits++].hard = rlimit_member (rl->items[i], "hard");
    }
  return 0;
}

static int
parse_mounts (json_value *arr, struct spec *spec, isomer_error_t *err)
{
  int failed = 0;
  if (arr == NULL || arr->type != JSON_ARRAY)
    return 0;
  spec->mounts = xcalloc (arr->len + 1, sizeof (*spec->mounts));
  for (size_t i = 0; i < arr->len; i++)
    {
      json_value *m = arr->items[i];
      struct spec_mount *sm = &spec->mounts[spec->n_mounts++];
      const char *dest = json_get_string (m, "destination");
      if (dest == NULL || dest[0] != '/')
        return isomer_make_error (err, 0, "expected `mounts[%zu].destination` to be an absolute path, got `%s`", i,
                                  dest ? dest : "null");
      sm->destination = xstrdup (dest);
      sm->type = json_get_string (m, "type") ? xstrdup (json_get_string (m, "type")) : NULL;
      sm->source = json_get_string (m, "source") ? xstrdup (json_get_string (m, "source")) : NULL;
      sm->options = string_array (json_get (m, "options"), &sm->n_options, "mounts[].options", err, &failed);
      if (failed)
        return failed;
      int is_bind = sm->type && strcmp (sm->type, "bind") == 0;
      for (size_t k = 0; k < sm->n_options; k++)
        is_bind |= strcmp (sm->options[k], "bind") == 0 || strcmp (sm->options[k], "rbind") == 0;
      if (sm->source && sm->source[0] != '/' && is_bind)
        {
          char *abs = xasprintf ("%s/%s", spec->bundle, sm->source);
          free (sm->source);
          sm->source = abs;
        }
    }
  return 0;
}

/* linux.uidMappings/gidMappings to the text of /proc/<pid>/uid_map; *root gets the host id of 0. */
static char *
id_map (json_value *arr, unsigned *root)
{
  char *out = NULL;
  size_t len = 0;
  *root = 0;
  if (arr == NULL || arr->type != JSON_ARRAY || arr->len == 0)
    return NULL;
  FILE *f = open_memstream (&out, &len);
  for (size_t i = 0; i < arr->len; i++)
    {
      long long c = int_member (arr->items[i], "containerID", 0), h = int_member (arr->items[i], "hostID", 0),
                n = int_member (arr->items[i], "size", 0);
      fprintf (f, "%lld %lld %lld\n", c, h, n);
      if (c == 0 && n > 0)
        *root = (unsigned) h;
    }
  fclose (f);
  return out;
}

static int
parse_linux (json_value *lx, struct spec *spec, isomer_error_t *err)
{
  int failed = 0;
  json_value *ns = json_get (lx, "namespaces"), *res = json_get (lx, "resources"), *sys = json_get (lx, "sysctl");
  json_value *devs = json_get (lx, "devices");
  for (size_t i = 0; ns && ns->type == JSON_ARRAY && i < ns->len; i++)
    {
      const char *type = json_get_string (ns->items[i], "type"), *path = json_get_string (ns->items[i], "path");
      int flag = type ? namespace_flag (type) : 0;
      if (flag == 0)
        return isomer_make_error (err, 0, "unknown namespace type `%s` in `linux.namespaces[%zu]`", type ? type : "?", i);
      spec->namespaces = xrealloc (spec->namespaces, (spec->n_namespaces + 1) * sizeof (*spec->namespaces));
      spec->namespaces[spec->n_namespaces].flag = flag;
      spec->namespaces[spec->n_namespaces++].path = path && *path ? xstrdup (path) : NULL;
    }
  spec->masked = string_array (json_get (lx, "maskedPaths"), &spec->n_masked, "linux.maskedPaths", err, &failed);
  spec->readonly = string_array (json_get (lx, "readonlyPaths"), &spec->n_readonly, "linux.readonlyPaths", err, &failed);
  if (failed)
    return failed;
  if (json_get_string (lx, "cgroupsPath"))
    spec->cgroups_path = xstrdup (json_get_string (lx, "cgroupsPath"));
  if (json_get_string (lx, "rootfsPropagation"))
    spec->rootfs_propagation = xstrdup (json_get_string (lx, "rootfsPropagation"));
  for (size_t i = 0; sys && sys->type == JSON_OBJECT && i < sys->len; i++)
    {
      spec->sysctl_keys = xrealloc (spec->sysctl_keys, (i + 1) * sizeof (char *));
      spec->sysctl_values = xrealloc (spec->sysctl_values, (i + 1) * sizeof (char *));
      spec->sysctl_keys[i] = xstrdup (sys->keys[i]);
      spec->sysctl_values[i] = xstrdup (sys->items[i]->type == JSON_STRING ? sys->items[i]->string : "");
      spec->n_sysctl = i + 1;
    }
  for (size_t i = 0; devs && devs->type == JSON_ARRAY && i < devs->len; i++)
    {
      json_value *d = devs->items[i];
      const char *path = json_get_string (d, "path"), *type = json_get_string (d, "type");
      if (path == NULL || type == NULL)
        return isomer_make_error (err, 0, "expected `linux.devices[%zu]` to have `path` and `type`", i);
      spec->devices = xrealloc (spec->devices, (spec->n_devices + 1) * sizeof (*spec->devices));
      struct spec_device *sd = &spec->devices[spec->n_devices++];
      sd->path = xstrdup (path);
      sd->type = type[0];
      sd->major = int_member (d, "major", 0);
      sd->minor = int_member (d, "minor", 0);
      sd->mode = int_member (d, "fileMode", 0666);
      sd->uid = int_member (d, "uid", 0);
      sd->gid = int_member (d, "gid", 0);
    }
  json_value *mem = json_get (res, "memory"), *cpu = json_get (res, "cpu"), *pids = json_get (res, "pids");
  json_value *rules = json_get (res, "devices");
  spec->mem_limit = int_member (mem, "limit", 0);
  spec->mem_reservation = int_member (mem, "reservation", 0);
  spec->mem_swap = int_member (mem, "swap", 0);
  spec->mem_swappiness = int_member (mem, "swappiness", -1);
  json_value *oom = json_get (mem, "disableOOMKiller");
  spec->mem_disable_oom = oom && oom->type == JSON_BOOL && oom->boolean;
  spec->pids_limit = int_member (pids, "limit", 0);
  spec->cpu_shares = int_member (cpu, "shares", 0);
  spec->cpu_quota = int_member (cpu, "quota", 0);
  spec->cpu_period = int_member (cpu, "period", 0);
  if (json_get_string (cpu, "cpus") && *json_get_string (cpu, "cpus"))
    spec->cpuset_cpus = xstrdup (json_get_string (cpu, "cpus"));
  if (json_get_string (cpu, "mems") && *json_get_string (cpu, "mems"))
    spec->cpuset_mems = xstrdup (json_get_string (cpu, "mems"));
  for (size_t i = 0; rules && rules->type == JSON_ARRAY && i < rules->len; i++)
    {
      json_value *r = rules->items[i], *allow = json_get (r, "allow");
      const char *type = json_get_string (r, "type"), *access = json_get_string (r, "access");
      spec->devrules = xrealloc (spec->devrules, (spec->n_devrules + 1) * sizeof (*spec->devrules));
      struct spec_devrule *dr = &spec->devrules[spec->n_devrules++];
      dr->allow = allow && allow->type == JSON_BOOL && allow->boolean;
      dr->type = type && *type ? type[0] : 'a';
      dr->major = json_get (r, "major") ? int_member (r, "major", -1) : -1;
      dr->minor = json_get (r, "minor") ? int_member (r, "minor", -1) : -1;
      snprintf (dr->access, sizeof (dr->access), "%s", access && *access ? access : "rwm");
    }
  static const char *const kinds[] = { "throttleReadBpsDevice", "throttleWriteBpsDevice", "throttleReadIOPSDevice",
                                       "throttleWriteIOPSDevice" };
  json_value *bio = json_get (res, "blockIO");
  for (int k = 0; k < 4; k++)
    {
      json_value *list = json_get (bio, kinds[k]);
      for (size_t i = 0; list && list->type == JSON_ARRAY && i < list->len; i++)
        {
          json_value *t = list->items[i];
          if (!json_get (t, "major") || !json_get (t, "minor") || !json_get (t, "rate"))
            return isomer_make_error (err, 0, "expected `linux.resources.blockIO.%s[%zu]` to have `major`, `minor` and `rate`",
                                      kinds[k], i);
          spec->throttles = xrealloc (spec->throttles, (spec->n_throttles + 1) * sizeof (*spec->throttles));
          spec->throttles[spec->n_throttles++] = (struct spec_throttle){ int_member (t, "major", 0), int_member (t, "minor", 0),
                                                                         (unsigned long long) int_member (t, "rate", 0), k };
        }
    }
  spec->seccomp = json_get (lx, "seccomp");
  spec->uid_map = id_map (json_get (lx, "uidMappings"), &spec->root_host_uid);
  spec->gid_map = id_map (json_get (lx, "gidMappings"), &spec->root_host_gid);
  spec->unified = json_get (res, "unified");
  return 0;
}

int
spec_load (const char *bundle, struct spec *spec, isomer_error_t *err)
{
  cleanup_free char *path = NULL, *text = NULL;
  char abs[PATH_MAX];
  int ret;
  memset (spec, 0, sizeof (*spec));
  if (realpath (bundle, abs) == NULL)
    return isomer_make_error (err, errno, "bundle `%s`", bundle);
  spec->bundle = xstrdup (abs);
  path = xasprintf ("%s/config.json", abs);
  ret = read_all_file (path, &text, NULL, err);
  if (UNLIKELY (ret < 0))
    return ret;
  spec->json = json_parse (text, err);
  if (spec->json == NULL || spec->json->type != JSON_OBJECT)
    return spec->json ? isomer_make_error (err, 0, "`%s` is not a JSON object", path)
                      : isomer_error_wrap (err, "parse `%s`", path);
  json_value *root = json_get (spec->json, "root"), *ro = json_get (root, "readonly");
  const char *rp = json_get_string (root, "path");
  if (rp == NULL)
    return isomer_make_error (err, 0, "`%s`: expected `root.path` to be set", path);
  spec->root_path = rp[0] == '/' ? xstrdup (rp) : xasprintf ("%s/%s", abs, rp);
  spec->root_readonly = ro && ro->type == JSON_BOOL && ro->boolean;
  if (json_get_string (spec->json, "hostname"))
    spec->hostname = xstrdup (json_get_string (spec->json, "hostname"));
  if (json_get_string (spec->json, "domainname"))
    spec->domainname = xstrdup (json_get_string (spec->json, "domainname"));
  spec->annotations = json_get (spec->json, "annotations");
  spec->hooks = json_get (spec->json, "hooks");
  ret = spec_parse_process (json_get (spec->json, "process"), &spec->process, err);
  if (ret >= 0)
    ret = parse_mounts (json_get (spec->json, "mounts"), spec, err);
  if (ret >= 0)
    ret = parse_linux (json_get (spec->json, "linux"), spec, err);
  if (UNLIKELY (ret < 0))
    return isomer_error_wrap (err, "`%s`", path);
  return 0;
}

static void
free_strv (char **v, size_t n)
{
  for (size_t i = 0; v && i < n; i++)
    free (v[i]);
  free (v);
}

void
spec_free (struct spec *spec)
{
  free_strv (spec->process.args, spec->process.n_args);
  free_strv (spec->process.env, spec->process.n_env);
  free (spec->process.cwd);
  free (spec->process.gids);
  free (spec->process.rlimits);
  for (size_t i = 0; i < spec->n_mounts; i++)
    {
      free (spec->mounts[i].destination);
      free (spec->mounts[i].type);
      free (spec->mounts[i].source);
      free_strv (spec->mounts[i].options, spec->mounts[i].n_options);
    }
  free (spec->mounts);
  for (size_t i = 0; i < spec->n_namespaces; i++)
    free (spec->namespaces[i].path);
  free (spec->namespaces);
  free_strv (spec->masked, spec->n_masked);
  free_strv (spec->readonly, spec->n_readonly);
  free_strv (spec->sysctl_keys, spec->n_sysctl);
  free_strv (spec->sysctl_values, spec->n_sysctl);
  for (size_t i = 0; i < spec->n_devices; i++)
    free (spec->devices[i].path);
  free (spec->devices);
  free (spec->devrules);
  free (spec->throttles);
  free (spec->bundle);
  free (spec->root_path);
  free (spec->hostname);
  free (spec->domainname);
  free (spec->cgroups_path);
  free (spec->rootfs_propagation);
  free (spec->cpuset_cpus);
  free (spec->cpuset_mems);
  free (spec->uid_map);
  free (spec->gid_map);
  json_free (spec->json);
  memset (spec, 0, sizeof (*spec));
}
