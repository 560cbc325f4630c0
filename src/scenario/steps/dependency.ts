// dependency: Galaxy roles/collections (requirements.yml / collections.yml) or a shell command,
// as Molecule. Absent or empty requirements are a no-op; a failed install names what was wanted.
import { existsSync } from "node:fs";
import { StepFailedError, ConfigError } from "../../errors.js";
import { provisionerPaths } from "../../config/molecule-env.js";
import type { StepContext, StepResult } from "../context.js";
import { runProcess } from "../../util/process.js";
import { findRequirementsFile, readRequirements } from "../galaxy.js";

// Run argv in the project directory with the scenario's environment, output shown and kept.
function inProject(ctx: StepContext, argv: string[], env: NodeJS.ProcessEnv = ctx.env) {
  return runProcess(argv[0]!, argv.slice(1), { cwd: ctx.config.projectDir, env, extendEnv: false, signal: ctx.signal, echo: true });
}

async function install(ctx: StepContext, argv: string[], wanted: string[]): Promise<void> {
  const result = await inProject(ctx, argv);
  if (result.exitCode !== 0) {
    const why = (result.stderr || result.stdout).trim().split("\n").slice(-3).join(" ");
    throw new StepFailedError("dependency", `Cannot install ${wanted.map((w) => `\`${w}\``).join(", ")}: \`${argv.join(" ")}\` exited ${result.exitCode}: ${why}`, {
      hint: "Check that Ansible Galaxy (or the source named in the requirements) is reachable, or disable the dependency step (`dependency.enabled: false`).",
    });
  }
}

// Run the dependency action.
export async function run(ctx: StepContext): Promise<StepResult> {
  const dep = ctx.config.dependency;
  if (!dep.enabled) return { status: "skipped", message: "skipped: dependency disabled" };
  if (dep.name === "shell") {
    if (!dep.command) throw new ConfigError("`dependency.command` is required when `dependency.name` is `shell`", { hint: "Set `dependency.command`, e.g. `ansible-galaxy install -r requirements.yml`." });
    const result = await inProject(ctx, ["sh", "-c", dep.command], { ...ctx.env, ...dep.env });
    if (result.exitCode !== 0) throw new StepFailedError("dependency", `Dependency command \`${dep.command}\` failed with exit code ${result.exitCode}`);
    return { status: "ok" };
  }
  const paths = provisionerPaths(ctx.config.ephemeralDir);
  const { directory } = ctx.config.scenario;
  const roleFile = findRequirementsFile(dep.options["role-file"] ?? dep.options["requirements-file"], directory, ctx.config.projectDir, "requirements.yml");
  const collectionFile = findRequirementsFile(dep.options["requirements-file"], directory, ctx.config.projectDir, "collections.yml") ?? roleFile;
  const done: string[] = [];
  if (roleFile && existsSync(roleFile)) {
    const { roles } = readRequirements(roleFile, "roles");
    if (roles.length) {
      await install(ctx, ["ansible-galaxy", "role", "install", "--force", "-r", roleFile, "-p", paths.rolesDir], roles);
      done.push(`roles ${roles.join(", ")}`);
    }
  }
  if (collectionFile && existsSync(collectionFile)) {
    const { collections } = readRequirements(collectionFile, "collections");
    if (collections.length) {
      await install(ctx, ["ansible-galaxy", "collection", "install", "-r", collectionFile, "-p", paths.collectionsDir], collections);
      done.push(`collections ${collections.join(", ")}`);
    }
  }
  if (!done.length) return { status: "skipped", message: "skipped: no requirements (requirements.yml / collections.yml absent or empty)" };
  return { status: "ok", message: `installed ${done.join("; ")}` };
}
