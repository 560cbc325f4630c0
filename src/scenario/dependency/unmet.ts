// The requirements the last dependency step could not install (offline, or their source did not
// answer), kept in the ephemeral directory so that a later playbook failure for a missing role or
// collection can name them in its hint.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomicSync } from "../../util/atomic-write.js";

export interface Unmet {
  kind: "role" | "collection";
  name: string;
  source: string;
  reason: string; // "offline" or the installer's last words
}

const FILE = "dependency-unmet.json";

export function writeUnmet(ephemeralDir: string, unmet: Unmet[]): void {
  const file = join(ephemeralDir, FILE);
  if (!unmet.length) rmSync(file, { force: true });
  else writeFileAtomicSync(file, JSON.stringify(unmet, null, 2) + "\n");
}

export function readUnmet(ephemeralDir: string): Unmet[] {
  const file = join(ephemeralDir, FILE);
  if (!existsSync(file)) return [];
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Unmet[];
  } catch {
    return [];
  }
}

// The unmet requirements a failed playbook's output points at: "the role 'x' was not found",
// "couldn't resolve module/action 'ns.coll.mod'", "collection ns.coll ... not found"; all of them when
// the output names none in particular but says a role or collection is missing.
export function unmetNamedBy(output: string, unmet: Unmet[]): Unmet[] {
  if (!unmet.length) return [];
  const named = unmet.filter((u) => {
    const n = u.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return u.kind === "role" ? new RegExp(`role '${n}' was not found|role '${n}'`).test(output) : new RegExp(`'${n}\\.[A-Za-z0-9_.]+'|${n}`).test(output);
  });
  if (named.length) return named;
  return /was not found in|couldn't resolve module\/action|unable to find collection|collection .* not found/i.test(output) ? unmet : [];
}
