// One isomer process per scenario: a lock file created with O_EXCL holding the owner's pid.
// A lock whose pid is dead is stale and taken over; a live one is an error naming the PID (exit 3).
import { openSync, writeSync, closeSync, readFileSync, rmSync, mkdirSync, renameSync, linkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { IsomerError, EXIT } from "../errors.js";

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
  let text: string;
  try {
    text = readFileSync(join(dir, LOCK_FILE), "utf8");
  } catch {
    return undefined;
  }
  const [pidLine, action] = text.split("\n");
  const pid = Number.parseInt(pidLine ?? "", 10);
  if (!pidAlive(pid)) return undefined;
  return action ? { pid, action } : { pid };
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function readPid(path: string): number {
  try {
    return Number.parseInt(readFileSync(path, "utf8").trim(), 10);
  } catch {
    return NaN;
  }
}

function lockedBy(scenario: string, holder: number, path: string): IsomerError {
  return new IsomerError("ISOMER_LOCKED", `Scenario \`${scenario}\` is in use by isomer process \`${holder}\` (lock \`${path}\`)`, {
    exitCode: EXIT.locked,
    hint: `Wait for process ${holder} to finish, or stop it; a lock left by a dead process is taken over automatically.`,
  });
}

// Move a stale lock aside atomically and check what was moved: if a live process took the lock
// in the meantime, put its lock back and report it, so two takers never both win.
function takeOverStale(path: string, pid: number, scenario: string): void {
  const aside = `${path}.stale.${pid}`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return; // someone else moved it: retry
    throw e;
  }
  const moved = readPid(aside);
  if (moved !== pid && pidAlive(moved)) {
    try {
      linkSync(aside, path);
    } catch {
      // a third process holds it now; its own check decides
    }
    rmSync(aside, { force: true });
    throw lockedBy(scenario, moved, path);
  }
  rmSync(aside, { force: true });
}

// Take the lock of the scenario whose ephemeral dir is `dir`, or throw naming the holder.
export function acquireLock(dir: string, scenario: string, pid = process.pid): ScenarioLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const fd = openSync(path, "wx", 0o644);
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      return {
        path,
        release() {
          if (readPid(path) === pid) rmSync(path, { force: true });
        },
        mark(action) {
          if (readPid(path) !== pid) return;
          writeFileSync(`${path}.${pid}.tmp`, `${pid}\n${action}\n`);
          renameSync(`${path}.${pid}.tmp`, path);
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = readPid(path);
      if (pidAlive(holder) && holder !== pid) throw lockedBy(scenario, holder, path);
      if (Number.isNaN(holder) && attempt < 10) {
        pause(20); // created but its pid not written yet: give the owner a moment
        continue;
      }
      takeOverStale(path, pid, scenario);
    }
  }
  throw new IsomerError("ISOMER_LOCKED", `Cannot take the lock \`${path}\` of scenario \`${scenario}\``, {
    exitCode: EXIT.locked,
    hint: "Another isomer process keeps re-creating it; run one isomer per scenario at a time.",
  });
}
