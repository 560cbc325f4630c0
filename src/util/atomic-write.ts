// Replacing a file atomically and durably: write a temporary sibling, fsync it, rename it over
// the target, fsync the directory. A reader (another isomer, Ansible, the runtime) sees the old
// file or the new one, never half of one, and a crash right after leaves one of the two on disk
// (Molecule's util.atomic_write_file, made durable). Parent directories are created.
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

// Options of a write.
export interface AtomicWriteOptions {
  mode?: number; // of the new file (default 0o644)
}

// A temporary name beside `path` that no other writer uses (pid + random).
function tmpPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
}

// The writer's pid when `name` (a directory entry) is one of these temporaries, else undefined.
// Directories whose entries are records (leases) skip them, and remove those of dead writers: a
// kill -9 between open and rename leaves one behind.
export function atomicTempWriter(name: string): number | undefined {
  const m = /^\..+\.(\d+)-[0-9a-f]{8}\.tmp$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some filesystems refuse fsync on a directory; the rename is atomic all the same
  }
}

// Replace `path` with `data`.
export function writeFileAtomicSync(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tmpPath(path);
  try {
    const fd = openSync(tmp, "wx", options.mode ?? 0o644);
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  syncDirectory(dirname(path));
}

// Replace `path` with `data`, without blocking the event loop.
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tmpPath(path);
  try {
    const handle = await open(tmp, "wx", options.mode ?? 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  syncDirectory(dirname(path));
}
