// Loading the resolved configuration of the scenarios a command works on (src/config's loader), with
// per-run ephemeral directories when scenarios run concurrently (--parallel, --workers N > 1).
import { randomUUID } from "node:crypto";
import { loadScenarioConfig } from "../config/load.js";
import { defaultEphemeralDir } from "../config/molecule-env.js";
import type { DriverCheck, DriverView, ResolvedConfig } from "../config/types.js";
import type { DriverConfigView } from "../drivers/driver.js";
import { getDriver } from "../drivers/index.js";
import { selectScenarios } from "../scenario/discover.js";
import { projectDirOf, type CommandOptions } from "./options.js";
import { runsConcurrently } from "./workers.js";

// Load every selected scenario; throws ConfigError (exit 2) before anything is written.
export async function loadConfigs(options: CommandOptions, warn: (message: string) => void = () => {}): Promise<ResolvedConfig[]> {
  const projectDir = projectDirOf(options);
  const refs = selectScenarios(projectDir, options);
  const runId = runsConcurrently(options) ? (options.runUuid ??= randomUUID()) : undefined;
  const configs: ResolvedConfig[] = [];
  for (const ref of refs) {
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
    configs.push(config);
  }
  return configs;
}

// The driver's own checks (Driver.validate) on a config that passed isomer's; the loader gives
// each issue the file:line:col of its path.
export async function driverIssues(view: DriverView): Promise<DriverCheck[]> {
  const driver = await getDriver(view.driver.name);
  return driver.validate?.(view as DriverConfigView) ?? [];
}
