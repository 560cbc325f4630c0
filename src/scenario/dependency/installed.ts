// Where Ansible would find an installed role or collection: the scenario's roles and collections
// paths (provisioner/ansible-cfg.ts, the ones ansible-playbook is given) plus the Python path's
// ansible_collections, where Debian's `ansible` bundle lives. A collection's version is read from
// its MANIFEST.json (built) or galaxy.yml (source checkout).
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export interface Found {
  path: string;
  version?: string;
}

// Python directories that hold ansible_collections/ (ansible-core searches sys.path too).
export const PYTHON_COLLECTION_ROOTS = ["/usr/lib/python3/dist-packages", "/usr/local/lib/python3/dist-packages"];

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function collectionVersion(dir: string): string | undefined {
  try {
    const manifest = join(dir, "MANIFEST.json");
    if (existsSync(manifest)) return String((JSON.parse(readFileSync(manifest, "utf8")) as { collection_info?: { version?: unknown } }).collection_info?.version ?? "") || undefined;
    const galaxy = join(dir, "galaxy.yml");
    if (existsSync(galaxy)) return String((parse(readFileSync(galaxy, "utf8")) as { version?: unknown } | null)?.version ?? "") || undefined;
  } catch {
    return undefined; // unreadable metadata: installed, version unknown
  }
  return undefined;
}

// The first `namespace.name` collection under `roots` (each a collections path: `<root>/ansible_collections/ns/name`).
export function findCollection(name: string, roots: string[]): Found | undefined {
  const m = /^([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)$/.exec(name);
  if (!m) return undefined;
  for (const root of roots) {
    const dir = join(root, "ansible_collections", m[1]!, m[2]!);
    if (isDir(dir)) return { path: dir, version: collectionVersion(dir) };
  }
  return undefined;
}

// The first role directory called `name` on `rolesPath` (a role has tasks/, meta/ or handlers/...).
export function findRole(name: string, rolesPath: string[]): Found | undefined {
  for (const root of rolesPath) {
    const dir = join(root, name);
    if (isDir(dir) && ["tasks", "meta", "handlers", "defaults", "vars"].some((d) => isDir(join(dir, d)))) return { path: dir };
  }
  return undefined;
}
