// systemd as PID 1 without root: it must write its own cgroup (init.scope, system.slice...), which
// it can only in a subtree delegated to the user. Without one it dies at once and every later
// action fails with "container is not running", so create refuses such a platform first, naming
// it and saying what to do. The cgroup that counts is the caller's own (the runtime puts the
// container's below it) in the hierarchy systemd manages: name=systemd on a v1/hybrid host, the
// cgroup2 one on a pure-v2 host. On a pure-v2 host with the user's own systemd manager running
// (a login session, or `loginctl enable-linger`), isomer moves itself into a scope of that manager
// first (src/cli/user-scope.ts; user@<uid>.service is delegated to the user, as podman does), so
// that its cgroup is the user's own: containers below it, and every exec from a later isomer run
// into them, stay inside the user's delegated subtree.
import { accessSync, constants, readFileSync } from "node:fs";
import { join } from "node:path";
import { PrerequisiteError } from "../../errors.js";
import { cgroupMounts, mountEntries, ownCgroups } from "../../util/mountinfo.js";

// The directory of the caller's own cgroup in the hierarchy systemd manages, from the texts of
// /proc/self/mountinfo and /proc/self/cgroup; undefined when there is no such hierarchy.
export function systemdCgroupDir(mountinfo: string, selfCgroup: string): string | undefined {
  const mounts = cgroupMounts(mountEntries(mountinfo));
  const own = ownCgroups(selfCgroup);
  const named = mounts.find((m) => m.fstype === "cgroup" && m.superOptions.includes("name=systemd"));
  if (named) {
    const path = own.find((c) => c.controllers.length === 1 && c.controllers[0] === "name=systemd")?.path;
    return path === undefined ? undefined : join(named.mountPoint, path);
  }
  const v2 = mounts.find((m) => m.fstype === "cgroup2" && m.mountPoint === "/sys/fs/cgroup");
  const path = own.find((c) => c.controllers.length === 0)?.path;
  return v2 && path !== undefined ? join(v2.mountPoint, path) : undefined;
}

const writable = (...paths: string[]) => {
  try {
    for (const path of paths) accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

// True when the caller may create cgroups below its own in systemd's hierarchy.
export function systemdCgroupDelegated(): boolean {
  const dir = systemdCgroupDir(readFileSync("/proc/self/mountinfo", "utf8"), readFileSync("/proc/self/cgroup", "utf8"));
  return dir !== undefined && writable(dir, join(dir, "cgroup.procs"));
}

// The private socket of the caller's systemd user manager, as systemd-run --user finds it without
// a session bus: $XDG_RUNTIME_DIR/systemd/private, else /run/user/<uid>/systemd/private.
export function userManagerSocket(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.() ?? 0): string {
  return join(env.XDG_RUNTIME_DIR || `/run/user/${uid}`, "systemd", "private");
}

// True when the user's systemd manager can give isomer a delegated scope: a pure-v2 host, the
// manager's socket writable, and ISOMER_CGROUP_MANAGER not `cgroupfs`.
export function userManagerDelegates(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.ISOMER_CGROUP_MANAGER === "cgroupfs") return false;
  const mountinfo = readFileSync("/proc/self/mountinfo", "utf8");
  const pureV2 = cgroupMounts(mountEntries(mountinfo)).every((m) => m.fstype === "cgroup2") && systemdCgroupDir(mountinfo, "0::/\n") !== undefined;
  return pureV2 && writable(userManagerSocket(env));
}

// Set in the environment of the isomer that src/cli/user-scope.ts re-ran in a scope of the user's
// manager (and so in its children: they need not move again).
export const USER_SCOPE_ENV = "ISOMER_IN_USER_SCOPE";

// How the containers of a rootless create get a cgroup systemd may write: `own` (the caller's own
// cgroup is delegated), `user-manager` (the same, in the scope of the user's manager isomer moved
// itself into), or undefined.
export function rootlessCgroupDelegation(env: NodeJS.ProcessEnv = process.env): "own" | "user-manager" | undefined {
  if (!systemdCgroupDelegated()) return undefined;
  return env[USER_SCOPE_ENV] === "1" ? "user-manager" : "own";
}

// Throws for platform `name` when its systemd could not start for want of a delegated cgroup.
export function checkRootlessSystemd(name: string, delegated = () => rootlessCgroupDelegation() !== undefined): void {
  if (delegated()) return;
  throw new PrerequisiteError(
    `platform \`${name}\` runs systemd as PID 1, which without root needs a cgroup delegated to you: your cgroup (\`/proc/self/cgroup\`) is not writable by you, so systemd would exit at once`,
    { code: "ISOMER_ROOTLESS_CGROUP", hint: "on a pure cgroup-v2 host, have your systemd user manager running (log in, or `loginctl enable-linger $USER` as root) with XDG_RUNTIME_DIR set; or run isomer in a cgroup delegated to you (a directory an administrator made in each cgroup hierarchy, chowned to you with its cgroup.procs, with your shell moved into it), or run as root" },
  );
}
