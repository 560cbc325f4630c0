// Write a generated file atomically (tmp + rename), so a concurrent reader never sees half of it.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

// Write `content` to `path`, creating parents.
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}
