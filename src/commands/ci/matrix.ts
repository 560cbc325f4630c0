// `isomer ci matrix`: the entries of the CI matrix, printed for GitHub (`fromJSON`), GitLab (a
// child pipeline) or as plain JSON. Platforms are read from each scenario's molecule.yml
// interpolated with the entry's env, so `MOLECULE_DISTRO` may change images (or platforms) per entry.
import { existsSync, readFileSync } from "node:fs";
import { loadScenarioConfig } from "../../config/load.js";
import { selectScenarios, type ScenarioRef } from "../../scenario/discover.js";
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

// The scenarios of the matrix: the one selection every scenario command uses (scenario/discover.ts).
function selected(opts: MatrixOptions): ScenarioRef[] {
  return selectScenarios(opts.projectDir, { all: opts.all, scenarioNames: opts.scenarios, exclude: opts.exclude });
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
