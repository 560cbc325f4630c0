// Atomic file replacement: write a temporary sibling, fsync it, rename over the target, fsync
// the directory. A reader sees the old or the new file, never a torn one (Molecule's
// util.atomic_write_file, made durable).
import { openSync, writeSync, fsyncSync, closeSync, renameSync, rmSync } from "node:fs";
import { dirname, basename, join } from "node:path";

// Replace `path` with `content` atomically and durably.
export function atomicWriteFile(path: string, content: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tmp, "w", 0o644);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
  try {
    const dfd = openSync(dirname(path), "r");
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // some filesystems refuse fsync on a directory; the rename is still atomic
  }
}
