// Load a scenario's configuration: read the base configs and molecule.yml, interpolate the
// environment, parse, merge (keeping key positions), check schema and rules, normalize.
// validateScenarioConfig never throws; loadScenarioConfig throws one ConfigError listing all errors.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { basename, join, resolve } from "node:path";
import { ConfigError } from "../errors.js";
import type { Diagnostic, DriverCheck, LoadOptions, ResolvedConfig, ValidationResult } from "./types.js";
import { writtenDefaults } from "./defaults.js";
import { CONFIG_SCHEMA } from "./schema.js";
import { checkSchema } from "./check-schema.js";
import { configRules } from "./rules.js";
import { interpolate } from "./interpolate.js";
import { parseConfigText, type ParsedFile } from "./parse-file.js";
import { mergeLayers, positionOf, type Layer } from "./merge.js";
import { normalize } from "./normalize.js";
import { defaultEphemeralDir, moleculeEnv } from "./molecule-env.js";
import { formatDiagnostic } from "./diagnostic.js";
import { readEnvFile } from "./env-file.js";

// The config files to merge, lowest precedence first (Molecule's order), and the scenario file.
export function configFiles(opts: LoadOptions, configFile: string): { file: string; required: boolean }[] {
  const home = opts.homeDir ?? opts.env?.HOME ?? homedir();
  const files = [
    { file: join(resolve(opts.projectDir), ".config", "molecule", "config.yml"), required: false },
    ...(opts.baseConfigs ?? []).map((f) => ({ file: resolve(f), required: true })), // CLI paths: relative to the cwd
    { file: join(home, ".config", "molecule", "config.yml"), required: false },
    { file: configFile, required: true },
  ];
  const seen = new Set<string>();
  return files.filter((f) => !seen.has(f.file) && seen.add(f.file));
}

function readParsed(files: { file: string; required: boolean }[], env: Record<string, string>, errors: Diagnostic[], texts: string[] = []): ParsedFile[] {
  const parsed: ParsedFile[] = [];
  for (const { file, required } of files) {
    if (!existsSync(file)) {
      if (required) errors.push({ severity: "error", path: "", file, message: `config file \`${file}\` does not exist` + (basename(file) === "molecule.yml" ? ": create it (`isomer init scenario`) or pick another scenario with `-s`" : "") });
      continue;
    }
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      errors.push({ severity: "error", path: "", file, message: `cannot read config file \`${file}\`: ${(e as Error).message}` });
      continue;
    }
    texts.push(text);
    const result = interpolate(text, env);
    if (result.errors.length) {
      errors.push(...result.errors.map((e): Diagnostic => ({ severity: "error", path: "", file, line: e.line, col: e.col, message: e.message })));
      continue;
    }
    const one = parseConfigText(file, result.text, text, result.sourceOffset);
    errors.push(...one.errors);
    if (one.errors.length === 0) parsed.push(one);
  }
  return parsed;
}

// Check and resolve the scenario's configuration; never throws.
export async function validateScenarioConfig(opts: LoadOptions): Promise<ValidationResult> {
  const projectDir = resolve(opts.projectDir);
  const scenarioDir = resolve(opts.scenarioDir ?? join(projectDir, "molecule", opts.scenarioName ?? "default"));
  const scenarioName = opts.scenarioName ?? basename(scenarioDir); // `group/name` for a nested scenario
  const configFile = join(scenarioDir, "molecule.yml");
  const ephemeralDir = resolve(opts.ephemeralDir ?? defaultEphemeralDir(projectDir, scenarioName, opts.env ?? process.env));
  const errors: Diagnostic[] = [];
  const envFile = opts.envFile !== undefined ? resolve(opts.envFile) : join(projectDir, ".env.yml"); // --env-file: relative to the cwd
  const fileEnv = readEnvFile(envFile, opts.envFile !== undefined, errors);
  const files = configFiles(opts, configFile);
  const baseEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.env ?? process.env)) if (v !== undefined) baseEnv[k] = v;
  const envFileUsed = existsSync(envFile) ? envFile : undefined;
  const envFor = (driverName: string) => {
    const molecule = moleculeEnv({ projectDir, scenarioName, scenarioDir, ephemeralDir, configFile, envFile: envFileUsed, driverName });
    return { molecule, env: { ...baseEnv, ...molecule, ...fileEnv } };
  };
  const run = (driverName: string) => {
    const fileErrors: Diagnostic[] = [];
    const texts: string[] = [];
    const { molecule, env } = envFor(driverName);
    const parsed = readParsed(files, env, fileErrors, texts);
    return { molecule, env, parsed, fileErrors, usesDriverName: texts.some((t) => t.includes("MOLECULE_DRIVER_NAME")) };
  };
  // The driver name is known only after parsing: interpolate again only if a file uses it.
  const guess = opts.driverName ?? "default";
  let pass = run(guess);
  const userMerged = (p: ParsedFile[]) => mergeLayers(p.map((f): Layer => ({ file: f.file, data: f.data as Record<string, unknown>, positions: f.positions })));
  const writtenDriver = (userMerged(pass.parsed).data.driver as { name?: unknown } | undefined)?.name;
  const driverName = opts.driverName ?? (typeof writtenDriver === "string" ? writtenDriver : "default");
  if (driverName !== guess) pass = pass.usesDriverName ? run(driverName) : { ...pass, ...envFor(driverName) };
  errors.push(...pass.fileErrors);
  const user = userMerged(pass.parsed);
  if (opts.driverName) user.data.driver = { ...((user.data.driver as object | undefined) ?? {}), name: opts.driverName };
  const merged = mergeLayers([{ data: writtenDefaults(scenarioName) }, { data: user.data }]).data;
  const found: Diagnostic[] = [];
  const notMaps = pass.parsed.filter((f) => typeof f.data !== "object" || f.data === null || Array.isArray(f.data));
  for (const f of notMaps) errors.push({ severity: "error", path: "", file: f.file, line: 1, col: 1, message: "Expected the file to be a map of sections (`driver:`, `platforms:`, ...)" });
  // A file that did not parse leaves holes in the merge: check the rest only when all parsed.
  if (notMaps.length === 0 && pass.fileErrors.length === 0) {
    found.push(...checkSchema(CONFIG_SCHEMA, user.data));
    if (!found.some((d) => d.severity === "error")) found.push(...configRules(merged, user.data, scenarioName));
  }
  const located = found.map((d): Diagnostic => {
    const pos = positionOf(user.positions, d.path);
    return { ...d, file: pos?.file ?? configFile, line: pos?.line ?? 1, col: pos?.col ?? 1 };
  });
  errors.push(...located.filter((d) => d.severity === "error"));
  const warnings = located.filter((d) => d.severity === "warning");
  if (errors.length) return { warnings, errors };
  const config = normalize(merged, {
    projectDir, scenarioDir, scenarioName, configFile, ephemeralDir,
    files: pass.parsed.map((f) => f.file), env: pass.env, moleculeEnv: pass.molecule,
  });
  const sharedStateAt = user.positions.get("shared_state");
  if (sharedStateAt) config.sharedStateAt = `${sharedStateAt.file}:${sharedStateAt.line}`;
  if (opts.driverIssues) {
    const view = { driver: { name: config.driver.name, options: config.driver.options }, platforms: config.platforms };
    const issues: DriverCheck[] = await Promise.resolve()
      .then(() => opts.driverIssues!(view))
      .catch((e: unknown) => [{ path: "driver.name", message: `the \`${config.driver.name}\` driver could not check the configuration: ${(e as Error)?.message ?? e}` }]);
    for (const issue of issues) {
      const pos = positionOf(user.positions, issue.path);
      const d: Diagnostic = { severity: issue.severity ?? "error", path: issue.path, message: issue.message, file: pos?.file ?? configFile, line: pos?.line ?? 1, col: pos?.col ?? 1 };
      (d.severity === "error" ? errors : warnings).push(d);
    }
    if (errors.length) return { warnings, errors };
  }
  return { config, warnings, errors };
}

// Load the scenario's configuration, or throw a ConfigError (exit 2) listing every error.
export async function loadScenarioConfig(opts: LoadOptions): Promise<{ config: ResolvedConfig; warnings: Diagnostic[] }> {
  const result = await validateScenarioConfig(opts);
  if (!result.config || result.errors.length) {
    const first = result.errors[0];
    const lines = result.errors.map((d) => "  " + formatDiagnostic(d));
    const count = result.errors.length === 1 ? "1 error" : `${result.errors.length} errors`;
    throw new ConfigError(`invalid configuration (${count}):\n${lines.join("\n")}`, {
      location: first?.file ? [first.file, first.line, first.col].filter((x) => x !== undefined).join(":") : undefined,
      hint: "fix the keys named above; see the Molecule compatibility table in README.md",
    });
  }
  return { config: result.config, warnings: result.warnings };
}
