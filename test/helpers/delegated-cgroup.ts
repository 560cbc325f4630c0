// A cgroup delegated to an ordinary user, as an administrator or systemd's `Delegate=yes` gives
// one: a directory named `name` under the test's own cgroup in every mounted hierarchy (v1 and v2
// alike, so the same code serves this hybrid host and a pure-v2 one), owned by the user together
// with its cgroup.procs (and tasks, cgroup.subtree_control, cgroup.threads where they exist); a
// new v1 cpuset gets its parent's cpus and mems. A process moved into it by root before it drops
// to the user may create the container's cgroups below it, which is what systemd as PID 1 needs.
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { cgroupMounts, ownCgroups } from "../../src/util/mountinfo.js";

export interface DelegatedCgroup {
  dirs: string[];
  // argv that moves itself into every directory (as root) and then execs `argv`
  wrap(argv: string[]): string[];
  // what is left below the delegated directories (the container cgroups a run did not remove)
  children(): string[];
  // removes the directories, depth first (retrying the EBUSY right after a last task left)
  remove(): Promise<void>;
}

function hierarchies(): Array<{ mount: string; own: string }> {
  const own = ownCgroups();
  return cgroupMounts().flatMap((m) => {
    if (m.fstype === "cgroup2") return [{ mount: m.mountPoint, own: own.find((c) => c.controllers.length === 0)?.path ?? "/" }];
    const mine = own.find((c) => c.controllers.some((controller) => m.superOptions.includes(controller)));
    return mine ? [{ mount: m.mountPoint, own: mine.path }] : [];
  });
}

function subdirs(dir: string): string[] {
  try {
    return readdirSync(dir).map((name) => join(dir, name)).filter((path) => statSync(path).isDirectory());
  } catch {
    return [];
  }
}

async function removeDepthFirst(dir: string): Promise<void> {
  for (const child of subdirs(dir)) await removeDepthFirst(child);
  for (let attempt = 0; existsSync(dir); attempt++) {
    try {
      rmdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EBUSY" || attempt > 40) throw error;
      await sleep(50);
    }
  }
}

// Makes the delegation (as root) for uid/gid.
export function delegateCgroup(name: string, uid: number, gid: number): DelegatedCgroup {
  const dirs: string[] = [];
  for (const { mount, own } of hierarchies()) {
    const dir = join(mount, own, name);
    if (dirs.includes(dir)) continue;
    mkdirSync(dir, { recursive: true });
    for (const file of ["cpuset.cpus", "cpuset.mems"])
      if (existsSync(join(dir, file)) && readFileSync(join(dir, file), "utf8").trim() === "")
        writeFileSync(join(dir, file), readFileSync(join(dirname(dir), file), "utf8"));
    chownSync(dir, uid, gid);
    for (const file of ["cgroup.procs", "tasks", "cgroup.subtree_control", "cgroup.threads"])
      if (existsSync(join(dir, file))) chownSync(join(dir, file), uid, gid);
    dirs.push(dir);
  }
  const script = 'for d in $CGROUP_DIRS; do echo $$ > "$d/cgroup.procs" || exit 125; done; unset CGROUP_DIRS; exec "$@"';
  return {
    dirs,
    wrap: (argv) => ["env", `CGROUP_DIRS=${dirs.join(" ")}`, "sh", "-c", script, "sh", ...argv],
    children: () => dirs.flatMap(subdirs),
    remove: async () => {
      for (const dir of dirs) await removeDepthFirst(dir);
    },
  };
}
