// `isomer ci ...`: the commander subtree for CI matrices. Each action normalizes its flags and
// lazily calls one function of src/commands/ci/ (STYLE 14).
import { Argument, Command, Option } from "commander";

// Writers the program passes down (tests capture output).
export interface CiCliContext {
  projectDir?: string;
  write?: (text: string) => void;
}

type Raw = Record<string, unknown>;
const collect = (value: string, previous: string[] = []) => [...previous, value];

function selection(cmd: Command): Command {
  return cmd
    .option("-s, --scenario-name <name>", "a scenario of the matrix (repeatable; default `default`)", collect)
    .option("--all", "every scenario")
    .option("--exclude <name>", "leave this scenario out (repeatable)", collect)
    .option("--env <KEY=V1,V2,...>", "an environment axis: one entry per value (repeatable)", collect);
}

async function parsed(raw: Raw, ctx: CiCliContext) {
  const { parseEnvAxis } = await import("../ci/matrix.js");
  return {
    projectDir: ctx.projectDir ?? process.cwd(),
    scenarios: raw.scenarioName as string[] | undefined,
    all: Boolean(raw.all),
    exclude: raw.exclude as string[] | undefined,
    env: ((raw.env as string[] | undefined) ?? []).map(parseEnvAxis),
    write: ctx.write,
  };
}

// Add `ci` and its subcommands to `program`.
export function registerCiCommands(program: Command, ctx: CiCliContext = {}): Command {
  const ci = program.command("ci").description("Multi-distro CI matrices run by the CI system's own engine");

  selection(ci.command("matrix").description("Print the matrix of scenario x platform (x env) entries for CI"))
    .addOption(new Option("--per <what>", "one entry per platform, or per scenario (all its platforms)").choices(["platform", "scenario"]).default("platform"))
    .addOption(new Option("--format <format>", "json: the list; github: {\"include\":[...]} for fromJSON; gitlab: a child pipeline").choices(["json", "github", "gitlab"]).default("json"))
    .action(async (_opts: Raw, self: Command) => {
      const { ciMatrix } = await import("../commands/ci/matrix.js");
      const raw = self.optsWithGlobals();
      await ciMatrix({ ...(await parsed(raw, ctx)), per: raw.per as "platform" | "scenario", format: raw.format as "json" | "github" | "gitlab", baseConfig: raw.baseConfig as string[] | undefined, envFile: raw.envFile as string | undefined });
    });

  selection(ci.command("init").description("Write a CI file running the matrix: .github/workflows/isomer.yml or .gitlab/isomer-ci.yml"))
    .addArgument(new Argument("<system>", "CI system").choices(["github", "gitlab"]))
    .option("-f, --force", "replace an existing file")
    .action(async (system: "github" | "gitlab", _opts: Raw, self: Command) => {
      const { ciInit } = await import("../commands/ci/init.js");
      const raw = self.optsWithGlobals();
      await ciInit({ ...(await parsed(raw, ctx)), system, force: Boolean(raw.force) });
    });
  return ci;
}
