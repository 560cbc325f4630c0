// A last sweep after the runtime's `delete`: empty cgroups named after the container, in every
// hierarchy (v1 and v2), at the top or under this process's own cgroup, are removed depth first
// (rmdir only: a cgroup that still holds processes stays and is reported). The runtime normally
// removes them itself; this covers a runtime or shim killed half-way.
import { existsSync, readdirSync, rmdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { cgroupMounts, ownCgroups } from "../../util/mountinfo.js";

function hierarchies(): Array<{ mount: string; own: string }> {
  const mounts = cgroupMounts().map((m) => m.mountPoint);
  const own = ownCgroups().map((c) => c.path);
  return mounts.flatMap((mount) => [...new Set(["/", ...own])].map((path) => ({ mount, own: path })));
}

async function removeTree(dir: string): Promise<void> {
  for (const entry of readdirSync(dir)) {
    const child = join(dir, entry);
    if (statSync(child).isDirectory()) await removeTree(child);
  }
  for (let attempt = 0; ; attempt++) {
    try {
      rmdirSync(dir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return;
      if (code !== "EBUSY" || attempt >= 20) throw error; // EBUSY: briefly after the last task left
      await sleep(50);
    }
  }
}

// Removes the empty cgroups named `id`; returns the directories it could not remove.
export async function sweepContainerCgroups(id: string): Promise<string[]> {
  const stuck: string[] = [];
  const seen = new Set<string>();
  for (const { mount, own } of hierarchies()) {
    const dir = join(mount, own, id);
    if (seen.has(dir) || !existsSync(dir)) continue;
    seen.add(dir);
    await removeTree(dir).catch(() => stuck.push(dir));
  }
  return stuck;
}
