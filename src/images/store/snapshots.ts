// Prepared-instance snapshots under $ISOMER_HOME/snapshots/<key>/: `layer/` is a copy of an
// instance's overlay upper directory taken after prepare (whiteouts and opaque directories as
// overlayfs wrote them, so it stacks as one more read-only lower layer), `snapshot.json` says what
// it was made from. A snapshot is written into `.tmp-<key>-<pid>` and renamed into place when
// complete, under a per-key lock: a directory under its final name is always complete.
import { existsSync } from "node:fs";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { IsomerError } from "../../errors.js";
import { readIfExists, unlessMissing } from "../../util/missing.js";
import { ownerAlive } from "../../util/owner.js";
import { runProcess } from "../../util/process.js";
import { withLock } from "./lock.js";
import { mountUses } from "./prune.js";

// What snapshot.json holds.
export interface SnapshotInfo {
  key: string; // 64 hex digits: the digest of everything prepare's result depends on
  created: string; // ISO time
  image: string; // the image reference the instance ran
  platform: string; // the platform's name
}

const KEY = /^[a-f0-9]{64}$/;

// The snapshots directory of one isomer home.
export class SnapshotStore {
  constructor(readonly dir: string) {}

  // The read-only layer directory of snapshot `key` (whether or not it exists).
  layerPath(key: string): string {
    return join(this.dir, checkKey(key), "layer");
  }

  // The snapshot stored under `key`, or undefined.
  async find(key: string): Promise<SnapshotInfo | undefined> {
    const text = await readIfExists(join(this.dir, checkKey(key), "snapshot.json"));
    return text === undefined ? undefined : (JSON.parse(text) as SnapshotInfo);
  }

  // Copy `upperDir` (an instance's overlay upper) in as snapshot `info.key`; a snapshot already
  // under that key is kept. Returns the layer directory.
  async save(upperDir: string, info: SnapshotInfo): Promise<string> {
    const key = checkKey(info.key);
    const dest = join(this.dir, key);
    await mkdir(this.dir, { recursive: true });
    return withLock(join(this.dir, `.lock-${key}`), async () => {
      if (existsSync(dest)) return join(dest, "layer");
      const tmp = join(this.dir, `.tmp-${key}-${process.pid}`);
      await rm(tmp, { recursive: true, force: true });
      await mkdir(tmp);
      try {
        // -a keeps owners, modes, times, device nodes (overlayfs whiteouts) and xattrs (opaque dirs)
        const copy = await runProcess("cp", ["-a", "--", upperDir, join(tmp, "layer")]);
        if (copy.failed) throw new IsomerError("ISOMER_SNAPSHOT", `Cannot copy \`${upperDir}\` into a snapshot: ${copy.stderr.trim() || copy.shortMessage}`, { hint: "check free space under $ISOMER_HOME" });
        await writeFile(join(tmp, "snapshot.json"), JSON.stringify(info, null, 2) + "\n");
        await rename(tmp, dest);
      } catch (e) {
        await rm(tmp, { recursive: true, force: true });
        throw e;
      }
      return join(dest, "layer");
    });
  }

  // Every stored snapshot.
  async list(): Promise<SnapshotInfo[]> {
    const names = ((await unlessMissing(readdir(this.dir))) ?? []).filter((name) => KEY.test(name)).sort();
    const found = await Promise.all(names.map((name) => this.find(name)));
    return found.filter((info): info is SnapshotInfo => info !== undefined);
  }

  // Remove every snapshot whose layer no mount uses (`inUse`: mounted lower directories), and
  // leftovers of interrupted saves; returns how many snapshots went.
  async prune(inUse: Set<string>): Promise<number> {
    let removed = 0;
    for (const name of (await unlessMissing(readdir(this.dir))) ?? []) {
      const path = join(this.dir, name);
      const tmp = /^\.tmp-[a-f0-9]{64}-(\d+)$/.exec(name);
      if (tmp && !ownerAlive(tmp[1])) await rm(path, { recursive: true, force: true });
      if (!KEY.test(name) || mountUses(inUse, join(path, "layer"))) continue;
      await rm(path, { recursive: true, force: true });
      removed++;
    }
    return removed;
  }
}

function checkKey(key: string): string {
  if (!KEY.test(key)) throw new IsomerError("ISOMER_SNAPSHOT", `Expected a snapshot key of 64 hex digits, got \`${key}\``);
  return key;
}
