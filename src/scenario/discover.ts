// Finding scenarios: every `molecule/<name>/molecule.yml` under the project; the name is the
// directory (`default` when none is given).
import { readdirSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError } from "../errors.js";

// The scenario used when no `-s` is given.
export const DEFAULT_SCENARIO = "default";

// A scenario on disk.
export interface ScenarioRef {
  name: string;
  directory: string;
  configFile: string;
}

// The scenarios of `projectDir`, sorted by name (empty when there is no molecule/ directory).
export function discoverScenarios(projectDir: string): ScenarioRef[] {
  const root = join(resolve(projectDir), "molecule");
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, "molecule.yml")))
    .map((d) => ({ name: d.name, directory: join(root, d.name), configFile: join(root, d.name, "molecule.yml") }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

// The scenarios a command works on: all of them (`--all`), or the named one (default `default`).
export function selectScenarios(projectDir: string, options: { all?: boolean; scenarioName?: string }): ScenarioRef[] {
  const found = discoverScenarios(projectDir);
  if (options.all) {
    if (!found.length) throw noScenarios(projectDir);
    return found;
  }
  const name = options.scenarioName ?? DEFAULT_SCENARIO;
  const hit = found.find((s) => s.name === name);
  if (hit) return [hit];
  if (!found.length) throw noScenarios(projectDir);
  throw new ConfigError(`Scenario \`${name}\` not found in \`${join(resolve(projectDir), "molecule")}\``, {
    code: "ISOMER_NO_SCENARIO",
    hint: `Known scenarios: ${found.map((s) => `\`${s.name}\``).join(", ")}. Pick one with \`-s NAME\`, or create it with \`isomer init scenario ${name}\`.`,
  });
}

function noScenarios(projectDir: string): ConfigError {
  return new ConfigError(`No scenario found: \`${join(resolve(projectDir), "molecule")}/*/molecule.yml\` does not exist`, {
    code: "ISOMER_NO_SCENARIO",
    hint: "Run isomer in the role's directory, or create a scenario with `isomer init scenario`.",
  });
}
