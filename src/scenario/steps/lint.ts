// lint: the `lint:` command string of molecule.yml, run with sh -c in the project directory (it
// is what the user wrote); without one, yamllint and ansible-lint when installed, saying which ran.
import { StepFailedError } from "../../errors.js";
import type { StepContext, StepResult } from "../context.js";
import { runProcess } from "../../util/process.js";
import { which } from "../../util/which.js";

// Run the lint action.
export async function run(ctx: StepContext): Promise<StepResult> {
  const cwd = ctx.config.projectDir;
  const commands: { label: string; argv: string[] }[] = [];
  if (ctx.config.lint) {
    commands.push({ label: ctx.config.lint, argv: ["sh", "-c", ctx.config.lint] });
  } else {
    if (which("yamllint", ctx.env)) commands.push({ label: "yamllint .", argv: ["yamllint", "."] });
    if (which("ansible-lint", ctx.env)) commands.push({ label: "ansible-lint", argv: ["ansible-lint"] });
    if (!commands.length) return { status: "skipped", message: "skipped: no `lint:` command and neither yamllint nor ansible-lint is installed" };
  }
  for (const { label, argv } of commands) {
    ctx.note(`running \`${label}\` in \`${cwd}\``);
    const result = await runProcess(argv[0]!, argv.slice(1), { cwd, env: ctx.env, extendEnv: false, signal: ctx.signal, echo: true });
    if (result.exitCode !== 0) {
      throw new StepFailedError("lint", `Lint command \`${label}\` failed with exit code ${result.exitCode}`, {
        hint: "Fix the findings above, or change the `lint:` command in molecule.yml.",
      });
    }
  }
  return { status: "ok", message: `ran ${commands.map((c) => `\`${c.label}\``).join(", ")}` };
}
