// The host's mount table and this process's cgroups, read from /proc/self/mountinfo and
// /proc/self/cgroup: parsed here once for everything that asks (is a path mounted, which layers
// are in use, where the cgroup hierarchies are, which cgroup this process is in).
import { readFileSync } from "node:fs";

// One line of mountinfo (proc(5)): the fields isomer reads, paths unescaped.
export interface MountEntry {
  mountPoint: string; // field 5
  fstype: string; // the first field after the ` - ` separator
  source: string;
  superOptions: string[]; // per-superblock options (an overlay's lowerdir=..., a v1 cgroup's controllers, name=systemd)
}

// mountinfo escapes space, tab, newline and backslash in paths as \ooo (octal).
export function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

// The mounts of `text` (default: this process's /proc/self/mountinfo).
export function mountEntries(text = readFileSync("/proc/self/mountinfo", "utf8")): MountEntry[] {
  return text.split("\n").flatMap((line) => {
    const fields = line.split(" ");
    const dash = fields.indexOf("-");
    if (dash < 5) return [];
    return [{
      mountPoint: unescapeMountPath(fields[4]!),
      fstype: fields[dash + 1] ?? "",
      source: unescapeMountPath(fields[dash + 2] ?? ""),
      superOptions: (fields[dash + 3] ?? "").split(",").filter(Boolean),
    }];
  });
}

// The cgroup hierarchies mounted (v1 `cgroup` and v2 `cgroup2`).
export function cgroupMounts(entries = mountEntries()): MountEntry[] {
  return entries.filter((m) => m.fstype === "cgroup" || m.fstype === "cgroup2");
}

// One line of /proc/self/cgroup: a hierarchy's controllers (none for the v2 tree) and this
// process's cgroup path in it.
export interface OwnCgroup {
  controllers: string[];
  path: string;
}

// The cgroups of `text` (default: this process's /proc/self/cgroup).
export function ownCgroups(text = readFileSync("/proc/self/cgroup", "utf8")): OwnCgroup[] {
  return text.split("\n").filter(Boolean).map((line) => {
    const [, controllers = "", ...path] = line.split(":");
    return { controllers: controllers.split(",").filter(Boolean), path: path.join(":") };
  });
}
