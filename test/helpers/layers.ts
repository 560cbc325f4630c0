// Hand-made layer blobs for unpack/import/build tests: tar streams built from objects, optionally
// gzip-compressed, written to a file.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { encodeTar, type TarEntry } from "../../src/build/tar-entry.js";

export type { TarEntry };

// Shorthands for common members.
export const file = (path: string, content: string | Buffer, extra: Partial<TarEntry> = {}): TarEntry => ({
  path,
  type: "file",
  data: Buffer.isBuffer(content) ? content : Buffer.from(content),
  ...extra,
});
export const dir = (path: string, extra: Partial<TarEntry> = {}): TarEntry => ({ path, type: "dir", ...extra });
export const symlink = (path: string, target: string, extra: Partial<TarEntry> = {}): TarEntry => ({ path, type: "symlink", linkname: target, ...extra });
export const hardlink = (path: string, target: string): TarEntry => ({ path, type: "hardlink", linkname: target });

// Write `entries` as a tar (gzip when `gzip`) to `dir/name`; returns the path.
export function writeLayer(dirPath: string, name: string, entries: TarEntry[], gzip = false): string {
  const tar = encodeTar(entries);
  const path = join(dirPath, name);
  writeFileSync(path, gzip ? gzipSync(tar) : tar);
  return path;
}
