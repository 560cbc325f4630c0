// One isomer process per scenario: a lock file created with O_EXCL holding the owner's record
// (`<pid> <start time>`, src/util/owner.ts), then the action it is doing. A lock whose owner is
// gone (dead, or its pid now another process's) is stale and taken over; a live one is an error
// naming the PID (exit 3).
import { openSync, writeSync, closeSync, readFileSync, rmSync, mkdirSync, renameSync, linkSync } from "node:fs";
import { join } from "node:path";
import { IsomerError, EXIT } from "../errors.js";
import { writeFileAtomicSync } from "../util/atomic-write.js";
import { ownerAlive, ownerRecord, parseOwner } from "../util/owner.js";

// The lock file's name inside the ephemeral directory.
export const LOCK_FILE = ".isomer.lock";

// A held lock; release() removes the file if it is still ours.
export interface ScenarioLock {
  path: string;
  release(): void;
  // Record what the holder is doing now (second line of the file, e.g. `destroy`), for others
  // such as `isomer login`; replaced atomically, so the lock is held throughout.
  mark(action: string): void;
}

// The live process holding the lock in `dir` and the action it recorded, or undefined.
export function lockHolder(dir: string): { pid: number; action?: string } | undefined {
  const [owner = "", action] = readLock(join(dir, LOCK_FILE)).split("\n");
  if (!ownerAlive(owner)) return undefined;
  const { pid } = parseOwner(owner);
  return action ? { pid, action } : { pid };
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

// The lock file's text ("" when it does not exist).
function readLock(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

// The owner record (first line) of the lock file at `path`.
function readOwner(path: string): string {
  return readLock(path).split("\n")[0]!.trim();
}

function lockedBy(scenario: string, holder: number, path: string): IsomerError {
  return new IsomerError("ISOMER_LOCKED", `Scenario \`${scenario}\` is in use by isomer process \`${holder}\` (lock \`${path}\`)`, {
    exitCode: EXIT.locked,
    hint: `Wait for process ${holder} to finish, or stop it; a lock left by a dead process is taken over automatically.`,
  });
}

// Move a stale lock aside atomically and check what was moved: if a live process took the lock
// in the meantime, put its lock back and report it, so two takers never both win.
function takeOverStale(path: string, stale: string, scenario: string): void {
  const aside = `${path}.stale.${process.pid}`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return; // someone else moved it: retry
    throw e;
  }
  const moved = readOwner(aside);
  if (moved !== stale && ownerAlive(moved)) {
    try {
      linkSync(aside, path);
    } catch {
      // a third process holds it now; its own check decides
    }
    rmSync(aside, { force: true });
    throw lockedBy(scenario, parseOwner(moved).pid, path);
  }
  rmSync(aside, { force: true });
}

// Take the lock of the scenario whose ephemeral dir is `dir`, or throw naming the holder.
export function acquireLock(dir: string, scenario: string, pid = process.pid): ScenarioLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const self = ownerRecord(pid);
  const ours = () => readOwner(path) === self;
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const fd = openSync(path, "wx", 0o644);
      writeSync(fd, `${self}\n`);
      closeSync(fd);
      return {
        path,
        release() {
          if (ours()) rmSync(path, { force: true });
        },
        mark(action) {
          if (ours()) writeFileAtomicSync(path, `${self}\n${action}\n`);
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = readOwner(path);
      const holderPid = parseOwner(holder).pid;
      if (ownerAlive(holder) && holderPid !== pid) throw lockedBy(scenario, holderPid, path);
      if (Number.isNaN(holderPid) && attempt < 10) {
        pause(20); // created but its owner not written yet: give the owner a moment
        continue;
      }
      takeOverStale(path, holder, scenario);
    }
  }
  throw new IsomerError("ISOMER_LOCKED", `Cannot take the lock \`${path}\` of scenario \`${scenario}\``, {
    exitCode: EXIT.locked,
    hint: "Another isomer process keeps re-creating it; run one isomer per scenario at a time.",
  });
}
