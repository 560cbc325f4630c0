// Small file helpers for the store: atomic writes and a unique temporary name.
import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";

// A temporary name next to `dir/` that no other writer uses: `.tmp-<pid>-<random><suffix>`.
export function tmpName(prefix = ".tmp-"): string {
  return `${prefix}${process.pid}-${randomBytes(6).toString("hex")}`;
}

// Write `data` to `path` by way of a temporary file and rename, so readers see old or new only.
export async function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${tmpName()}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
