// Loading the resolved configuration of the scenarios a command works on (src/config's loader), with
// per-run ephemeral directories when scenarios run concurrently (--parallel, --workers N > 1), and
// the `default` scenario that shared state needs even when it is not selected.
import { randomUUID } from "node:crypto";
import { loadScenarioConfig } from "../config/load.js";
import { defaultEphemeralDir } from "../config/molecule-env.js";
import type { DriverCheck, DriverView, ResolvedConfig } from "../config/types.js";
import type { DriverConfigView } from "../drivers/driver.js";
import { getDriver } from "../drivers/index.js";
import { discoverScenarios, scenariosRoot, selectScenarios, type ScenarioRef } from "../scenario/discover.js";
import { SHARED_STATE_OWNER } from "../scenario/shared-state.js";
import { ConfigError } from "../errors.js";
import { projectDirOf, type CommandOptions } from "./options.js";
import { runsConcurrently } from "./workers.js";

// Load every selected scenario; throws ConfigError (exit 2) before anything is written.
export async function loadConfigs(options: CommandOptions, warn: (message: string) => void = () => {}): Promise<ResolvedConfig[]> {
  const refs = selectScenarios(projectDirOf(options), options);
  const configs: ResolvedConfig[] = [];
  for (const ref of refs) configs.push(await loadRef(ref, options, warn));
  return configs;
}

// The `default` scenario whose instances serve the others under shared state: the selected one,
// else loaded as the selected ones are (same ephemeral-dir rule). A project without it is an error.
export async function loadOwner(configs: ResolvedConfig[], options: CommandOptions, warn: (message: string) => void = () => {}): Promise<ResolvedConfig> {
  const selected = configs.find((c) => c.scenario.name === SHARED_STATE_OWNER);
  if (selected) return selected;
  const projectDir = projectDirOf(options);
  const ref = discoverScenarios(projectDir).find((s) => s.name === SHARED_STATE_OWNER);
  if (!ref) {
    const where = [...new Set(configs.filter((c) => c.sharedState).map((c) => c.sharedStateAt ?? c.configFile))];
    throw new ConfigError(`Shared state needs a \`${SHARED_STATE_OWNER}\` scenario, whose create and destroy serve every scenario of the run: \`${scenariosRoot(projectDir)}/${SHARED_STATE_OWNER}/molecule.yml\` does not exist`, {
      code: "ISOMER_NO_SCENARIO",
      location: options.sharedState ? undefined : where[0],
      hint: `Create it (\`isomer init scenario ${SHARED_STATE_OWNER}\`) with the platforms the scenarios share, or turn shared state off (${options.sharedState ? "drop `--shared-state`" : `\`shared_state: true\` at ${where.map((w) => `\`${w}\``).join(", ")}`}).`,
    });
  }
  return loadRef(ref, options, warn);
}

async function loadRef(ref: ScenarioRef, options: CommandOptions, warn: (message: string) => void): Promise<ResolvedConfig> {
  const projectDir = projectDirOf(options);
  const runId = runsConcurrently(options) ? (options.runUuid ??= randomUUID()) : undefined;
  const ephemeralDir = runId ? `${defaultEphemeralDir(projectDir, ref.name)}-parallel-${runId}` : undefined;
  const { config, warnings } = await loadScenarioConfig({
    projectDir,
    scenarioDir: ref.directory,
    scenarioName: ref.name,
    baseConfigs: options.baseConfig,
    envFile: options.envFile,
    driverName: options.driverName,
    driverIssues,
    ...(ephemeralDir ? { ephemeralDir } : {}),
  });
  for (const w of warnings) warn(`${w.file ?? ref.configFile}${w.line ? `:${w.line}` : ""}: ${w.path ? `${w.path}: ` : ""}${w.message}`);
  return config;
}

// The driver's own checks (Driver.validate) on a config that passed isomer's; the loader gives
// each issue the file:line:col of its path.
export async function driverIssues(view: DriverView): Promise<DriverCheck[]> {
  const driver = await getDriver(view.driver.name);
  return driver.validate?.(view as DriverConfigView) ?? [];
}
