// Role and collection resolution as Molecule (via ansible-compat) does it: the role under test is
// reachable by its directory name (the project's parent is on roles_path) and by its full name
// `namespace.role_name` from meta/main.yml (a link in <ephemeral>/roles); a collection project is
// linked as <ephemeral>/collections/ansible_collections/<namespace>/<name>. role_name_check:
// 0 = error on a name galaxy would reject, 1 = warn, 2 = skip the check.
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parse } from "yaml";
import { ConfigError } from "../errors.js";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {});

// A YAML file of the project as data; a ConfigError naming the file when it does not parse.
function readYaml(file: string): Obj {
  try {
    return obj(parse(readFileSync(file, "utf8")));
  } catch (e) {
    throw new ConfigError(`cannot read \`${file}\`: ${(e as Error).message.split("\n")[0]}`, { location: file, hint: "fix the YAML of this file", cause: e });
  }
}

// galaxy_info of meta/main.yml (or .yaml), or undefined when the project is not a role.
export function galaxyInfo(projectDir: string): Obj | undefined {
  for (const name of ["meta/main.yml", "meta/main.yaml"]) {
    const file = join(projectDir, name);
    if (existsSync(file)) return obj(readYaml(file).galaxy_info);
  }
  return undefined;
}

// The namespace prefix (`ns.`) from galaxy_info.namespace, else author unless it looks like a person's name.
function namespacePrefix(info: Obj): string {
  const ns = typeof info.namespace === "string" && info.namespace ? info.namespace : typeof info.author === "string" ? info.author : "";
  return !ns || /^\w+ \w+/.test(ns) ? "" : `${ns}.`;
}

// The role's fully qualified name as ansible-compat computes it.
export function roleFullName(projectDir: string, info: Obj): string {
  let name = typeof info.role_name === "string" ? info.role_name : "";
  if (!name) {
    const parts = basename(projectDir).replace(/(ansible-|ansible-role-)/g, "").split(".");
    name = parts.length > 3 ? parts.slice(2).join(".") : parts[parts.length - 1]!; // Python split(".", 2)[-1]
  }
  return `${namespacePrefix(info)}${name}`;
}

const FQRN = /^[a-z0-9][a-z0-9_-]+\.[a-z][a-z0-9_]+$/;

// The name to link the role under (checked per role_name_check); warnings go to `warn`.
export function checkedRoleName(projectDir: string, info: Obj, roleNameCheck: 0 | 1 | 2, warn: (m: string) => void): string {
  const fqrn = roleFullName(projectDir, info);
  if (roleNameCheck === 2) return typeof info.role_name === "string" ? `${namespacePrefix(info)}${info.role_name}` : basename(projectDir);
  if (FQRN.test(fqrn)) return fqrn;
  const message = `the role's full name \`${fqrn}\` does not follow galaxy's rules (\`namespace.role_name\`, lowercase letters, digits, \`_\`)`;
  const hint = "set `galaxy_info.namespace` and `galaxy_info.role_name` in meta/main.yml, or `role_name_check: 1` (warn) / `2` (skip) in molecule.yml";
  if (roleNameCheck === 1) {
    warn(`${message}; ${hint}`);
    return fqrn;
  }
  throw new ConfigError(message, { hint, location: join(projectDir, "meta/main.yml") });
}

function linkTo(target: string, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  try {
    if (lstatSync(path).isSymbolicLink() && readlinkSync(path) === target) return;
    rmSync(path, { recursive: true, force: true });
  } catch {
    // absent
  }
  symlinkSync(target, path, "dir");
}

// Link the role/collection under test into the ephemeral dir; returns what was linked (for messages).
export function linkProjectUnderTest(projectDir: string, rolesDir: string, collectionsDir: string, roleNameCheck: 0 | 1 | 2, warn: (m: string) => void): string[] {
  const linked: string[] = [];
  const info = galaxyInfo(projectDir);
  if (info) {
    const name = checkedRoleName(projectDir, info, roleNameCheck, warn);
    linkTo(projectDir, join(rolesDir, name));
    linked.push(`role ${name}`);
  }
  const galaxyFile = join(projectDir, "galaxy.yml");
  if (existsSync(galaxyFile)) {
    const galaxy = readYaml(galaxyFile);
    if (typeof galaxy.namespace === "string" && typeof galaxy.name === "string") {
      linkTo(projectDir, join(collectionsDir, "ansible_collections", galaxy.namespace, galaxy.name));
      linked.push(`collection ${galaxy.namespace}.${galaxy.name}`);
    }
  }
  return linked;
}
