// COPY/ADD from the build context: collect the source files (never outside the context), digest
// them for the cache key, and encode them as a layer tar at their destination.
import { createHash } from "node:crypto";
import { lstatSync, readFileSync, readdirSync, readlinkSync, existsSync } from "node:fs";
import { join, posix, relative, resolve, sep } from "node:path";
import { ConfigError } from "../errors.js";
import { encodeTar, type TarEntry } from "./tar-entry.js";

// One file to copy: where it is in the context and where it goes in the image.
export interface CopyItem {
  source: string; // absolute host path
  dest: string; // absolute path in the image
}

// Resolve `sources` (relative to `context`) onto `dest` (absolute, `/` ending = directory).
export function collectCopyItems(context: string, sources: string[], dest: string, where: string): CopyItem[] {
  const root = resolve(context);
  const destIsDir = dest.endsWith("/") || sources.length > 1;
  const items: CopyItem[] = [];
  for (const src of sources) {
    if (/^[a-z]+:\/\//i.test(src)) throw new ConfigError(`${where}: ADD of a URL (\`${src}\`) is not supported; download it in a RUN step`, { location: where });
    const abs = resolve(root, src);
    if (abs !== root && !abs.startsWith(root + sep)) throw new ConfigError(`${where}: \`${src}\` is outside the build context \`${context}\``, { location: where });
    if (!existsSync(abs)) throw new ConfigError(`${where}: \`${src}\` does not exist in the build context \`${context}\``, { location: where });
    const st = lstatSync(abs);
    if (st.isDirectory()) {
      const base = destIsDir || sources.length === 1 ? dest : posix.join(dest, posix.basename(src));
      for (const rel of walk(abs)) items.push({ source: join(abs, rel), dest: posix.join(base, rel.split(sep).join("/")) });
    } else {
      items.push({ source: abs, dest: destIsDir ? posix.join(dest, posix.basename(abs)) : dest });
    }
  }
  return items;
}

function walk(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, prefix)).sort()) {
    const rel = prefix ? join(prefix, name) : name;
    out.push(rel);
    if (lstatSync(join(dir, rel)).isDirectory()) out.push(...walk(dir, rel));
  }
  return out;
}

// A digest of the items' names, modes and contents (part of the step's cache key).
export function digestCopyItems(items: CopyItem[], root: string): string {
  const h = createHash("sha256");
  for (const item of items) {
    const st = lstatSync(item.source);
    h.update(`${relative(root, item.source)}\0${item.dest}\0${st.mode}\0`);
    if (st.isFile()) h.update(readFileSync(item.source));
    else if (st.isSymbolicLink()) h.update(readlinkSync(item.source));
    h.update("\0");
  }
  return h.digest("hex");
}

// The layer tar for `items`, owned by `uid:gid`.
export function copyLayerTar(items: CopyItem[], uid: number, gid: number): Buffer {
  const entries: TarEntry[] = items.map((item) => {
    const st = lstatSync(item.source);
    const path = item.dest.replace(/^\/+/, "");
    const common = { path, uid, gid, mode: st.mode & 0o7777, mtime: Math.floor(st.mtimeMs / 1000) };
    if (st.isDirectory()) return { ...common, type: "dir" as const };
    if (st.isSymbolicLink()) return { ...common, type: "symlink" as const, linkname: readlinkSync(item.source) };
    return { ...common, type: "file" as const, data: readFileSync(item.source) };
  });
  return encodeTar(entries);
}
