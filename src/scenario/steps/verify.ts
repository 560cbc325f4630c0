// verify: `verifier.name: ansible` runs verify.yml (or the entry's playbook) through the
// provisioner; `testinfra` and `isomer` call runVerifier() from verifiers/runner with the
// inventory the provisioner wrote. ctx.env already holds verifier.env (actionEnv).
import { PrerequisiteError, StepFailedError } from "../../errors.js";
import { provisionerPaths } from "../../config/molecule-env.js";
import type { RunVerifierContext, VerifierResult, InstanceConnection } from "../../../verifiers/runner/types.js";
import type { StepContext, StepResult } from "../context.js";
import { instanceConnections, playbookStep } from "../ansible.js";
import { writeProvisionerFiles } from "../../provisioner/index.js";

type RunVerifier = (name: string, ctx: RunVerifierContext) => Promise<VerifierResult>;

// Loaded on demand: vitest/pytest plumbing stays out of runs that verify with Ansible.
async function loadRunVerifier(): Promise<RunVerifier> {
  try {
    return (await import("../../../verifiers/runner/index.js")).runVerifier;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw e;
    throw new PrerequisiteError("The verifier runner (`verifiers/runner/index.js`) is not part of this isomer build", {
      hint: "Use `verifier.name: ansible` with a verify.yml, or install an isomer build that includes the verifiers.",
      cause: e,
    });
  }
}

async function runExternal(ctx: StepContext): Promise<StepResult> {
  const { config } = ctx;
  const connections = await instanceConnections(ctx);
  await writeProvisionerFiles(config, connections, { env: ctx.env, warn: (m) => ctx.driverCtx.logger.warn(m) });
  const instances: InstanceConnection[] = config.platforms
    .filter((p) => ctx.instances.includes(p.name))
    .map((p) => {
      const vars = connections[p.name] ?? {};
      return { name: p.name, groups: p.groups, connection: String(vars.ansible_connection ?? "ssh") as InstanceConnection["connection"], vars };
    });
  const paths = provisionerPaths(config.ephemeralDir);
  const env = Object.fromEntries(Object.entries(ctx.env).filter(([, v]) => v !== undefined)) as Record<string, string>;
  const runVerifier = await loadRunVerifier();
  const result = await runVerifier(config.verifier.name, {
    scenarioName: config.scenario.name,
    scenarioDir: config.scenario.directory,
    projectDir: config.projectDir,
    ephemeralDir: config.ephemeralDir,
    inventoryFile: paths.inventoryFile,
    ansibleCfgFile: paths.ansibleCfg,
    instances,
    env,
    options: config.verifier.options,
    additionalFilesOrDirs: config.verifier.additionalFilesOrDirs,
    testsDir: ctx.arg ?? config.verifier.directory,
    junit: { addCase: (suite, testCase) => ctx.reporter.addCase(suite, testCase) },
    log: (line) => ctx.note(line),
    signal: ctx.signal,
  });
  if (!result.ok) {
    const failed = Object.entries(result.perTarget).filter(([, ok]) => !ok).map(([t]) => `\`${t}\``);
    throw new StepFailedError("verify", `Verifier \`${config.verifier.name}\` failed on ${failed.join(", ") || "some instances"}`, {
      hint: "Read the failed checks above; `isomer verify` reruns them without converging again.",
    });
  }
  return { status: "ok", message: `${result.cases.length} checks passed` };
}

// Run the verify action.
export async function run(ctx: StepContext): Promise<StepResult> {
  const verifier = ctx.config.verifier;
  if (!verifier.enabled) return { status: "skipped", message: "skipped: verifier disabled" };
  if (verifier.name !== "ansible") return runExternal(ctx);
  return playbookStep(ctx, "verify");
}
