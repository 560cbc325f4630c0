// dependency: Galaxy roles/collections (requirements.yml / collections.yml) or a shell command,
// as Molecule. Requirements already installed where Ansible will look (with a version that meets
// theirs) are not installed again, and said so; only the rest go to ansible-galaxy. Offline
// (--offline / MOLECULE_OFFLINE=1) installs nothing; a source that does not answer is a warning
// naming each requirement left out, and the sequence goes on (a later failure's hint names them).
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { StepFailedError, ConfigError } from "../../errors.js";
import { provisionerPaths } from "../../config/molecule-env.js";
import type { StepContext, StepResult } from "../context.js";
import { runProcess } from "../../util/process.js";
import { envFlag } from "../../util/env-flag.js";
import { writeFileAtomicSync } from "../../util/atomic-write.js";
import { collectionsPath, rolesPath } from "../../provisioner/ansible-cfg.js";
import { findRequirementsFile, readRequirements, type Requirement } from "../dependency/requirements.js";
import { findCollection, findRole, PYTHON_COLLECTION_ROOTS } from "../dependency/installed.js";
import { describe, planDependencies, sourceOf, type Missing } from "../dependency/plan.js";
import { writeUnmet, type Unmet } from "../dependency/unmet.js";

// Run argv in the project directory with the scenario's environment, output shown and kept.
function inProject(ctx: StepContext, argv: string[], env: NodeJS.ProcessEnv = ctx.env) {
  return runProcess(argv[0]!, argv.slice(1), { cwd: ctx.config.projectDir, env, extendEnv: false, signal: ctx.signal, echo: true });
}

// Offline as Molecule: the --offline flag or MOLECULE_OFFLINE set to a true value.
export function isOffline(ctx: Pick<StepContext, "options" | "env">): boolean {
  return Boolean(ctx.options.offline) || envFlag(ctx.env.MOLECULE_OFFLINE ?? process.env.MOLECULE_OFFLINE);
}

// ansible-galaxy for the `missing` requirements of one kind, from a requirements file holding only them.
async function install(ctx: StepContext, kind: "role" | "collection", missing: Missing[]): Promise<Unmet[]> {
  const paths = provisionerPaths(ctx.config.ephemeralDir);
  const dir = join(ctx.config.ephemeralDir, "dependency");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${kind}s.yml`);
  writeFileAtomicSync(file, stringify({ [`${kind}s`]: missing.map((m) => m.requirement.entry) }));
  const options = ctx.config.dependency.options;
  const argv = ["ansible-galaxy", kind, "install", "-r", file, "-p", kind === "role" ? paths.rolesDir : paths.collectionsDir];
  if (kind === "role" || options.force) argv.push("--force");
  if (options["ignore-errors"]) argv.push("--ignore-errors");
  const result = await inProject(ctx, argv);
  if (result.exitCode === 0) return [];
  const why = (result.stderr || result.stdout).trim().split("\n").slice(-2).join(" ").slice(0, 300);
  // What ansible-galaxy did install before giving up is found again on the paths.
  const still = missing.filter((m) => !(kind === "role" ? findRole(m.requirement.name, [paths.rolesDir]) : findCollection(m.requirement.name, [paths.collectionsDir])));
  return still.map((m) => ({ kind, name: m.requirement.name, source: sourceOf(m.requirement), reason: `\`ansible-galaxy ${kind} install\` exited ${result.exitCode}: ${why}` }));
}

function requirementsOf(ctx: StepContext): Requirement[] {
  const dep = ctx.config.dependency;
  const { directory } = ctx.config.scenario;
  const roleFile = findRequirementsFile(dep.options["role-file"] ?? dep.options["requirements-file"], directory, ctx.config.projectDir, "requirements.yml");
  const collectionFile = findRequirementsFile(dep.options["requirements-file"], directory, ctx.config.projectDir, "collections.yml") ?? roleFile;
  // Each file read once: the role file gives its roles and collections, a separate collection file its collections.
  const files = new Map<string, "roles" | "collections">();
  if (roleFile) files.set(roleFile, "roles");
  if (collectionFile && !files.has(collectionFile)) files.set(collectionFile, "collections");
  const out: Requirement[] = [];
  for (const [file, listKind] of files) {
    if (!existsSync(file)) {
      throw new ConfigError(`The requirements file \`${file}\` named in \`dependency.options\` does not exist`, { hint: "Fix the path (relative to the project directory) or remove the option." });
    }
    const reqs = readRequirements(file, listKind);
    out.push(...(listKind === "roles" ? reqs.roles : []), ...reqs.collections);
  }
  // One entry per kind and name (the same file can be both the role and the collection file).
  const seen = new Set<string>();
  return out.filter((r) => !seen.has(`${r.kind}:${r.name}`) && seen.add(`${r.kind}:${r.name}`));
}

// Run the dependency action.
export async function run(ctx: StepContext): Promise<StepResult> {
  const dep = ctx.config.dependency;
  if (!dep.enabled) return { status: "skipped", message: "skipped: dependency disabled" };
  if (dep.name === "shell") {
    if (!dep.command) throw new ConfigError("`dependency.command` is required when `dependency.name` is `shell`", { hint: "Set `dependency.command`, e.g. `ansible-galaxy install -r requirements.yml`." });
    if (isOffline(ctx)) return { status: "skipped", message: `skipped: offline (\`${dep.command}\` not run)` };
    const result = await inProject(ctx, ["sh", "-c", dep.command], { ...ctx.env, ...dep.env });
    if (result.exitCode !== 0) throw new StepFailedError("dependency", `Dependency command \`${dep.command}\` failed with exit code ${result.exitCode}`);
    return { status: "ok" };
  }
  const requirements = requirementsOf(ctx);
  writeUnmet(ctx.config.ephemeralDir, []);
  if (!requirements.length) return { status: "skipped", message: "skipped: no requirements (requirements.yml / collections.yml absent or empty)" };

  const roots = [...collectionsPath(ctx.config, ctx.env), ...PYTHON_COLLECTION_ROOTS];
  const roles = rolesPath(ctx.config, ctx.env);
  const plan = planDependencies(requirements, { role: (n) => findRole(n, roles), collection: (n) => findCollection(n, roots) }, Boolean(dep.options.force));
  for (const s of plan.satisfied) ctx.note(`${describe(s.requirement)} already installed${s.found.version ? ` (${s.found.version})` : ""} at ${s.found.path}`);

  let unmet: Unmet[] = [];
  if (plan.missing.length && isOffline(ctx)) {
    unmet = plan.missing.map((m) => ({ kind: m.requirement.kind, name: m.requirement.name, source: sourceOf(m.requirement), reason: "offline" }));
    ctx.reporter.warn(ctx.config.scenario.name, "dependency", `offline: not installing ${plan.missing.map((m) => `${describe(m.requirement)} (${m.why})`).join(", ")}`);
  } else {
    for (const kind of ["role", "collection"] as const) {
      const missing = plan.missing.filter((m) => m.requirement.kind === kind);
      if (missing.length) unmet.push(...(await install(ctx, kind, missing)));
    }
    if (unmet.length) {
      ctx.reporter.warn(
        ctx.config.scenario.name,
        "dependency",
        `could not install ${unmet.map((u) => `${u.kind} \`${u.name}\` from ${u.source}`).join(", ")} (${unmet[0]!.reason}); going on without ${unmet.length === 1 ? "it" : "them"}`,
      );
    }
  }
  writeUnmet(ctx.config.ephemeralDir, unmet);
  const installed = plan.missing.length - unmet.length;
  const parts = [plan.satisfied.length && `${plan.satisfied.length} already installed`, installed && `${installed} installed`, unmet.length && `${unmet.length} not installed`].filter(Boolean);
  return { status: "ok", message: parts.join(", ") };
}
