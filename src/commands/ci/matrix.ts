// `isomer ci matrix`: the entries of the CI matrix, printed for GitHub (`fromJSON`), GitLab (a
// child pipeline) or as plain JSON. Platforms are read from each scenario's molecule.yml
// interpolated with the entry's env, so `MOLECULE_DISTRO` may change images (or platforms) per entry.
import { existsSync, readFileSync } from "node:fs";
import { loadScenarioConfig } from "../../config/load.js";
import { ConfigError } from "../../errors.js";
import { discoverScenarios, DEFAULT_SCENARIO, type ScenarioRef } from "../../scenario/discover.js";
import { envCombinations, entryName, type EnvAxis, type MatrixEntry } from "../../ci/matrix.js";
import { formatMatrix, type MatrixFormat } from "../../ci/format.js";
import { driverIssues } from "../load.js";

// What `isomer ci matrix` was asked for, already parsed.
export interface MatrixOptions {
  projectDir: string;
  scenarios?: string[]; // -s NAME ... (default: `default`)
  all?: boolean;
  exclude?: string[];
  env?: EnvAxis[];
  per?: "platform" | "scenario";
  baseConfig?: string[];
  envFile?: string;
  processEnv?: NodeJS.ProcessEnv; // default process.env
  warn?: (message: string) => void; // notes (an axis no config file of a scenario interpolates)
}

// The axes none of `files` interpolates (`$KEY`, `${KEY...}`).
function unusedAxes(files: string[], axes: EnvAxis[]): string[] {
  const texts = files.map((f) => (existsSync(f) ? readFileSync(f, "utf8") : ""));
  return axes.map((a) => a.key).filter((key) => !texts.some((t) => new RegExp(`\\$\\{?${key}\\b`).test(t)));
}

function selected(opts: MatrixOptions): ScenarioRef[] {
  const found = discoverScenarios(opts.projectDir);
  if (!found.length) throw new ConfigError(`No scenario found: \`${opts.projectDir}/molecule/*/molecule.yml\` does not exist`, { code: "ISOMER_NO_SCENARIO", hint: "Run isomer in the role's directory, or create a scenario with `isomer init scenario`." });
  const names = new Set(found.map((s) => s.name));
  const known = `Known scenarios: ${found.map((s) => `\`${s.name}\``).join(", ")}.`;
  for (const name of [...(opts.scenarios ?? []), ...(opts.exclude ?? [])]) {
    if (!names.has(name)) throw new ConfigError(`Scenario \`${name}\` not found in \`${opts.projectDir}/molecule\``, { code: "ISOMER_NO_SCENARIO", hint: known });
  }
  const wanted = opts.all ? found : found.filter((s) => (opts.scenarios?.length ? opts.scenarios : [DEFAULT_SCENARIO]).includes(s.name));
  if (!opts.all && !wanted.length) throw new ConfigError(`Scenario \`${DEFAULT_SCENARIO}\` not found in \`${opts.projectDir}/molecule\``, { code: "ISOMER_NO_SCENARIO", hint: `${known} Pick some with \`-s NAME\` or \`--all\`.` });
  const left = wanted.filter((s) => !(opts.exclude ?? []).includes(s.name));
  if (!left.length) throw new ConfigError("`--exclude` leaves no scenario in the matrix", { hint: known });
  return left;
}

// The matrix entries, in scenario, env, platform order; throws ConfigError for a bad molecule.yml.
export async function matrixEntries(opts: MatrixOptions): Promise<MatrixEntry[]> {
  const entries: MatrixEntry[] = [];
  const base = opts.processEnv ?? process.env;
  for (const ref of selected(opts)) {
    for (const [i, env] of envCombinations(opts.env ?? []).entries()) {
      const { config } = await loadScenarioConfig({
        projectDir: opts.projectDir, scenarioDir: ref.directory, scenarioName: ref.name,
        baseConfigs: opts.baseConfig, envFile: opts.envFile, env: { ...base, ...env }, driverIssues,
      });
      const unused = i === 0 ? unusedAxes(config.files, opts.env ?? []) : [];
      for (const key of unused) opts.warn?.(`note: no config file of scenario \`${ref.name}\` interpolates \`${key}\`; its entries differ only in that environment variable`);
      if (opts.per === "scenario") {
        entries.push({ scenario: ref.name, env, name: entryName(ref.name, undefined, env) });
        continue;
      }
      for (const p of config.platforms) {
        const image = typeof p.image === "string" ? p.image : undefined;
        entries.push({ scenario: ref.name, platform: p.name, ...(image ? { image } : {}), env, name: entryName(ref.name, p.name, env) });
      }
    }
  }
  return entries;
}

// The command: print the matrix in `format`.
export async function ciMatrix(opts: MatrixOptions & { format: MatrixFormat; write?: (text: string) => void }): Promise<void> {
  const write = opts.write ?? ((text: string) => process.stdout.write(text));
  const warn = opts.warn ?? ((message: string) => process.stderr.write(message + "\n"));
  write(formatMatrix(await matrixEntries({ ...opts, warn }), opts.format));
}
