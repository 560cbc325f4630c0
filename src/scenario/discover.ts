// Finding scenarios, as Molecule 25/26: every `molecule/<name>/molecule.yml` under the project,
// and nested ones (`molecule/<group>/<name>/molecule.yml`, named `group/name`); a collection
// without `molecule/` keeps them in `extensions/molecule/`. Selection: `-s` repeated, shell-style
// globs (`-s "web*"`), `--exclude` (repeated, globs too), `--all`.
import { readdirSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError } from "../errors.js";

// The scenario used when no `-s` is given.
export const DEFAULT_SCENARIO = "default";

// A scenario on disk.
export interface ScenarioRef {
  name: string; // the directory under the scenarios root, `group/name` when nested
  directory: string;
  configFile: string;
}

// Which scenarios a command asked for.
export interface ScenarioSelection {
  all?: boolean;
  scenarioName?: string; // the first -s
  scenarioNames?: string[]; // every -s (globs allowed)
  exclude?: string[]; // --exclude (globs allowed)
}

// The directory holding the project's scenarios: molecule/, else extensions/molecule/ (a
// collection's layout, Molecule 25).
export function scenariosRoot(projectDir: string): string {
  const root = join(resolve(projectDir), "molecule");
  const extensions = join(resolve(projectDir), "extensions", "molecule");
  return !existsSync(root) && existsSync(extensions) ? extensions : root;
}

function subdirs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
}

// The scenarios of `projectDir`, sorted by name (empty when there is no scenarios directory).
export function discoverScenarios(projectDir: string): ScenarioRef[] {
  const root = scenariosRoot(projectDir);
  if (!existsSync(root)) return [];
  const out: ScenarioRef[] = [];
  const add = (name: string) => out.push({ name, directory: join(root, name), configFile: join(root, name, "molecule.yml") });
  for (const name of subdirs(root)) {
    if (existsSync(join(root, name, "molecule.yml"))) add(name);
    else for (const inner of subdirs(join(root, name))) if (existsSync(join(root, name, inner, "molecule.yml"))) add(`${name}/${inner}`);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

// A shell-style glob (`*`, `?`, `[...]`, as Python's fnmatch) as a whole-name RegExp.
export function globRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[" && glob.indexOf("]", i + 2) > 0) {
      const end = glob.indexOf("]", i + 2);
      const body = glob.slice(i + 1, end);
      re += `[${body.startsWith("!") ? "^" + body.slice(1) : body}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

const isGlob = (s: string) => /[*?[]/.test(s);

// The scenarios a command works on: all (`--all`) or the named / matching ones (default
// `default`), minus the excluded, in discovery order. A name that matches nothing is an error.
export function selectScenarios(projectDir: string, options: ScenarioSelection): ScenarioRef[] {
  const found = discoverScenarios(projectDir);
  const known = () => `Known scenarios: ${found.map((s) => `\`${s.name}\``).join(", ")}.`;
  const excluded = (options.exclude ?? []).map((name) => {
    const re = globRegExp(name);
    if (found.length && !found.some((s) => (isGlob(name) ? re.test(s.name) : s.name === name))) {
      throw new ConfigError(`\`--exclude ${name}\` matches no scenario in \`${scenariosRoot(projectDir)}\``, { code: "ISOMER_NO_SCENARIO", hint: known() });
    }
    return (s: ScenarioRef) => (isGlob(name) ? re.test(s.name) : s.name === name);
  });
  const keep = (s: ScenarioRef) => !excluded.some((is) => is(s));
  const left = (refs: ScenarioRef[]) => {
    if (refs.length) return refs;
    throw new ConfigError("`--exclude` leaves no scenario to run", { code: "ISOMER_NO_SCENARIO", hint: known() });
  };
  if (options.all) {
    if (!found.length) throw noScenarios(projectDir);
    return left(found.filter(keep));
  }
  const wanted = options.scenarioNames?.length ? options.scenarioNames : [options.scenarioName ?? DEFAULT_SCENARIO];
  const picked = new Set<ScenarioRef>();
  for (const name of wanted) {
    const re = globRegExp(name);
    const hits = found.filter((s) => (isGlob(name) ? re.test(s.name) : s.name === name));
    if (!hits.length) {
      if (!found.length) throw noScenarios(projectDir);
      throw new ConfigError(`Scenario \`${name}\` not found in \`${scenariosRoot(projectDir)}\``, {
        code: "ISOMER_NO_SCENARIO",
        hint: `Known scenarios: ${found.map((s) => `\`${s.name}\``).join(", ")}. Pick one with \`-s NAME\` (globs such as \`-s "web*"\` work), or create it with \`isomer init scenario ${name}\`.`,
      });
    }
    hits.forEach((h) => picked.add(h));
  }
  return left(found.filter((s) => picked.has(s) && keep(s)));
}

function noScenarios(projectDir: string): ConfigError {
  return new ConfigError(`No scenario found: \`${scenariosRoot(projectDir)}/*/molecule.yml\` does not exist`, {
    code: "ISOMER_NO_SCENARIO",
    hint: "Run isomer in the role's directory, or create a scenario with `isomer init scenario`.",
  });
}
