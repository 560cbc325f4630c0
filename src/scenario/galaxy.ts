// Galaxy dependencies (Molecule's ansible_galaxy dependency): roles from requirements.yml and
// collections from collections.yml (or a requirements.yml with `collections:`), installed into
// the ephemeral directory. An absent or empty file is a no-op.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

// What one requirements file asks for.
export interface Requirements {
  file: string;
  roles: string[];
  collections: string[];
}

function names(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((e) => (typeof e === "string" ? e : String((e as Record<string, unknown>)?.name ?? (e as Record<string, unknown>)?.src ?? "?")));
}

// Parse a requirements file: a list of roles, or a map with `roles:` / `collections:`.
export function readRequirements(file: string, kind: "roles" | "collections"): Requirements {
  const doc = parse(readFileSync(file, "utf8")) as unknown;
  if (Array.isArray(doc)) return kind === "roles" ? { file, roles: names(doc), collections: [] } : { file, roles: [], collections: names(doc) };
  const map = (doc ?? {}) as Record<string, unknown>;
  return { file, roles: names(map.roles), collections: names(map.collections) };
}

// The first of the candidate files that exists (scenario dir first, then project dir), or undefined.
export function findRequirementsFile(explicit: unknown, scenarioDir: string, projectDir: string, base: string): string | undefined {
  if (typeof explicit === "string") return explicit;
  return [join(scenarioDir, base), join(projectDir, base)].find((f) => existsSync(f));
}
