// Digests of files and directory trees by name, mode and content, for cache keys: a change of any
// byte, name, mode or symlink target changes the digest; times and owners do not.
import type { Hash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";

// Names never descended into (version control, caches, virtualenvs).
export const SKIPPED_NAMES: ReadonlySet<string> = new Set([".git", ".hg", ".svn", "node_modules", "__pycache__", ".cache", ".tox", ".venv", ".pytest_cache"]);

// Feed `path` (a file, a symlink or a whole tree, walked in sorted order without following
// symlinks) into `hash` under the label `label`; `skip(absolutePath)` leaves entries out.
// Returns the files (not directories) read.
export function updateWithTree(hash: Hash, label: string, path: string, skip: (path: string) => boolean = () => false): string[] {
  const files: string[] = [];
  const visit = (abs: string, rel: string): void => {
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      hash.update(`${label}\0${rel}\0missing\0`);
      return;
    }
    hash.update(`${label}\0${rel}\0${st.mode}\0`);
    if (st.isSymbolicLink()) hash.update(readlinkSync(abs));
    else if (st.isFile()) {
      hash.update(readFileSync(abs));
      files.push(abs);
    } else if (st.isDirectory()) {
      for (const name of readdirSync(abs).sort()) {
        const child = join(abs, name);
        if (SKIPPED_NAMES.has(name) || skip(child)) continue;
        visit(child, rel ? `${rel}/${name}` : name);
      }
    }
    hash.update("\0");
  };
  visit(path, "");
  return files;
}
