// What a Galaxy requirements file asks for, one typed entry per requirement: roles (a list, or
// `roles:`) and collections (`collections:`, or a list in collections.yml), as ansible-galaxy
// reads them. The name is the one the installed role or collection is found by.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";

export interface Requirement {
  kind: "role" | "collection";
  name: string; // role directory name, or `namespace.collection` (a URL or path when that is all there is)
  version?: string; // `version:` (a collection's specifier, a role's tag/branch)
  source?: string; // where it would come from: `source:`, `src:` when it is a URL or path, else Galaxy
  entry: Record<string, unknown>; // the entry as written, for a filtered requirements file
}

export interface Requirements {
  file: string;
  roles: Requirement[];
  collections: Requirement[];
}

// A role's name as ansible-galaxy installs it: `name:`, else from `src:` (a Galaxy `ns.role`, or the
// last path part of a URL / SCM address without `.git` / `.tar.gz` and a leading `<scm>+`).
export function roleName(entry: Record<string, unknown>): string {
  if (typeof entry.name === "string" && entry.name) return entry.name;
  const src = String(entry.src ?? entry.role ?? "?").split(",")[0]!.trim();
  if (!/[/:]/.test(src)) return src;
  const last = src.replace(/^[a-z]+\+/, "").replace(/[?#].*$/, "").split("/").filter(Boolean).pop() ?? src;
  return last.replace(/\.git$/, "").replace(/\.(tar\.gz|tgz|tar)$/, "");
}

function isLocation(s: string): boolean {
  return /^[a-z+]+:\/\//.test(s) || s.startsWith("/") || s.startsWith("./") || s.startsWith("git@") || s.startsWith("git+");
}

function toEntry(raw: unknown): Record<string, unknown> {
  if (typeof raw === "string") return { name: raw };
  return raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : { name: String(raw) };
}

function role(raw: unknown): Requirement {
  const entry = typeof raw === "string" ? { src: raw } : toEntry(raw);
  const src = typeof entry.src === "string" ? entry.src : undefined;
  const version = entry.version === undefined ? undefined : String(entry.version);
  return { kind: "role", name: roleName(entry), version, source: src && isLocation(src) ? src : undefined, entry };
}

function collection(raw: unknown): Requirement {
  const entry = toEntry(raw);
  const name = String(entry.name ?? "?");
  const version = entry.version === undefined ? undefined : String(entry.version);
  const source = typeof entry.source === "string" ? entry.source : isLocation(name) ? name : undefined;
  return { kind: "collection", name, version, source, entry };
}

// Parse `text` (the contents of `file`): a list is roles (or collections when `listKind` says so),
// a map has `roles:` and `collections:`.
export function parseRequirements(file: string, text: string, listKind: "roles" | "collections" = "roles"): Requirements {
  const doc = parse(text) as unknown;
  if (Array.isArray(doc)) {
    return listKind === "roles" ? { file, roles: doc.map(role), collections: [] } : { file, roles: [], collections: doc.map(collection) };
  }
  const map = (doc && typeof doc === "object" ? doc : {}) as Record<string, unknown>;
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  return { file, roles: list(map.roles).map(role), collections: list(map.collections).map(collection) };
}

export function readRequirements(file: string, listKind: "roles" | "collections" = "roles"): Requirements {
  return parseRequirements(file, readFileSync(file, "utf8"), listKind);
}

// The requirements file to use: an explicit `dependency.options` path (relative to the project
// directory), else the first of `<scenario>/<base>` and `<project>/<base>` that exists.
export function findRequirementsFile(explicit: unknown, scenarioDir: string, projectDir: string, base: string): string | undefined {
  if (typeof explicit === "string") return resolve(projectDir, explicit);
  return [join(scenarioDir, base), join(projectDir, base)].find((f) => existsSync(f));
}
