// Cross-process lock files: `open(path, "wx")` holding `<pid> <start time>`. A waiter polls; a
// lock whose owner is dead (pid gone, or reused by another process) is taken over. Used so that
// two isomer processes fetching or unpacking the same blob share the work.
import { open, readFile, rm, rename } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { ownerAlive, ownerRecord } from "../../util/owner.js";
import { readIfExists } from "../../util/missing.js";

const SELF = ownerRecord();

// Run `fn` while holding the lock file `path`; waits (polling) while a live process holds it.
export async function withLock<T>(path: string, fn: () => Promise<T>, pollMs = 25): Promise<T> {
  await acquire(path, pollMs);
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}

async function acquire(path: string, pollMs: number): Promise<void> {
  for (;;) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(SELF);
      await handle.close();
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const owner = await readIfExists(path);
    if (owner === undefined) continue; // released between our open and read
    if (owner !== "" && !ownerAlive(owner)) {
      // Move the stale lock aside before deleting it, so only one waiter takes it over.
      const aside = `${path}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
      const moved = await rename(path, aside).then(() => true, () => false);
      if (moved) {
        const movedOwner = await readFile(aside, "utf8").catch(() => "");
        if (movedOwner !== owner) await rename(aside, path).catch(() => undefined); // not the stale one: put back
        else await rm(aside, { force: true });
      }
      continue;
    }
    await sleep(pollMs);
  }
}
