// Leases keep prune away from blobs a live process is still writing: each process that writes
// to the store touches `store/.leases/<pid>` once; prune spares anything newer than the oldest
// lease of a live process. A process that ends normally removes its own lease; one that was killed
// leaves it, and the next prune removes it (its owner is dead).
import { rmSync } from "node:fs";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ownerAlive, ownerRecord } from "../../util/owner.js";

const touched = new Set<string>();

// Record (once per process and store) that this process may be writing to `storeDir`.
export async function touchLease(storeDir: string): Promise<void> {
  if (touched.has(storeDir)) return;
  const dir = join(storeDir, ".leases");
  await mkdir(dir, { recursive: true });
  const file = join(dir, String(process.pid));
  await writeFile(file, ownerRecord());
  if (touched.size === 0) process.once("exit", () => {
    for (const store of touched) rmSync(join(store, ".leases", String(process.pid)), { force: true });
  });
  touched.add(storeDir);
}

// Start (ms, ctime) of the oldest lease held by another live process; dead leases are removed.
export async function oldestLiveLease(storeDir: string): Promise<number | undefined> {
  const dir = join(storeDir, ".leases");
  let oldest: number | undefined;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const file = join(dir, name);
    if (name === String(process.pid)) continue;
    const owner = await readFile(file, "utf8").catch(() => "");
    if (!ownerAlive(owner)) {
      await rm(file, { force: true });
      continue;
    }
    const since = (await stat(file)).ctimeMs;
    oldest = oldest === undefined ? since : Math.min(oldest, since);
  }
  return oldest;
}
