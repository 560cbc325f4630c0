// `isomer init scenario [NAME]` and `isomer init role NAME`: write skeletons from templates/.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { templatesDir } from "../util/paths.js";
import { ConfigError } from "../errors.js";
import { projectDirOf, writerOf, type CommandOptions } from "./options.js";

function copyTemplate(from: string, to: string, vars: Record<string, string>): string[] {
  const written: string[] = [];
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    const src = join(from, entry);
    const dest = join(to, entry);
    if (statSync(src).isDirectory()) {
      written.push(...copyTemplate(src, dest, vars));
      continue;
    }
    const text = readFileSync(src, "utf8").replace(/%%([A-Z_]+)%%/g, (m, key: string) => vars[key] ?? m);
    writeFileSync(dest, text);
    written.push(dest);
  }
  return written;
}

function roleNameOf(projectDir: string): string {
  const meta = join(projectDir, "meta", "main.yml");
  if (existsSync(meta)) {
    const text = readFileSync(meta, "utf8");
    const role = /^\s*role_name:\s*["']?([\w.-]+)/m.exec(text)?.[1];
    const ns = /^\s*namespace:\s*["']?([\w-]+)/m.exec(text)?.[1];
    if (role) return ns ? `${ns}.${role}` : role;
  }
  return basename(resolve(projectDir));
}

// Create molecule/<name>/ in the project from the scenario (or delegated) template.
export async function initScenario(name: string | undefined, options: CommandOptions): Promise<string[]> {
  const projectDir = projectDirOf(options);
  const scenario = name ?? "default";
  const target = join(projectDir, "molecule", scenario);
  if (existsSync(join(target, "molecule.yml"))) {
    throw new ConfigError(`Scenario \`${scenario}\` already exists: \`${join(target, "molecule.yml")}\``, { hint: "Pick another name with `isomer init scenario NAME`." });
  }
  const driver = options.driverName ?? "isomer";
  const vars = { SCENARIO: scenario, DRIVER: driver, ROLE: roleNameOf(projectDir) };
  const written = copyTemplate(join(templatesDir(), "scenario"), target, vars);
  if (driver === "default" || driver === "delegated") written.push(...copyTemplate(join(templatesDir(), "delegated"), target, vars));
  writerOf(options)(`Initialized scenario \`${scenario}\` in \`${target}\`\n`);
  return [...new Set(written)];
}

// Create a role directory `name` (`namespace.role` or `role`) with a default scenario.
export async function initRole(name: string, options: CommandOptions & { namespace?: string }): Promise<string[]> {
  const [ns, role] = name.includes(".") ? (name.split(".", 2) as [string, string]) : [options.namespace ?? "example", name];
  if (!/^[a-z][a-z0-9_]*$/.test(role)) {
    throw new ConfigError(`Role name \`${role}\` is not valid`, { hint: "Use lowercase letters, digits and underscores, starting with a letter (Galaxy's rule)." });
  }
  const target = join(projectDirOf(options), role);
  if (existsSync(target)) throw new ConfigError(`\`${target}\` already exists`, { hint: "Choose another name or directory." });
  const written = copyTemplate(join(templatesDir(), "role"), target, { ROLE: `${ns}.${role}`, ROLE_NAME: role, NAMESPACE: ns });
  written.push(...(await initScenario("default", { ...options, projectDir: target, write: () => {} })));
  writerOf(options)(`Initialized role \`${ns}.${role}\` in \`${target}\`\n`);
  return written;
}
