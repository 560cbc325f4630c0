// createProgram(): the commander program. Each action normalizes its options, lazily imports
// src/commands/<verb>.ts and calls it; no logic lives here (STYLE 14).
import { Command, Option } from "commander";
import type { SequenceName } from "../config/types.js";
import type { CommandOptions } from "../commands/options.js";
import { registerCiCommands } from "./ci.js";
import { registerImageCommands } from "./image.js";
import { parseWorkers } from "../commands/workers.js";

// What the program needs from its caller (main.ts, or a test).
export interface ProgramContext {
  signal?: AbortSignal;
  projectDir?: string;
  write?: (text: string) => void;
  writeErr?: (text: string) => void; // commander's usage errors (default stderr)
}

// The sequence commands: CLI name -> sequence, and whether Molecule gives it these flags.
const SEQUENCE_COMMANDS: { name: string; sequence: SequenceName; summary: string; all?: boolean; destroy?: boolean; force?: boolean; platform?: boolean; driver?: boolean; snapshot?: boolean }[] = [
  { name: "test", sequence: "test", summary: "Run the whole test sequence (lint, create, converge, idempotence, verify, destroy)", all: true, destroy: true, platform: true, driver: true, snapshot: true },
  { name: "check", sequence: "check", summary: "Converge in check mode (--check) on fresh instances", all: true, destroy: true, platform: true },
  { name: "converge", sequence: "converge", summary: "Create, prepare and converge the instances", all: true, platform: true, driver: true, snapshot: true },
  { name: "create", sequence: "create", summary: "Create and prepare the instances", all: true, force: true, platform: true, driver: true, snapshot: true },
  { name: "destroy", sequence: "destroy", summary: "Clean up and destroy the instances", all: true, platform: true, driver: true },
  { name: "cleanup", sequence: "cleanup", summary: "Run cleanup.yml", all: true, platform: true },
  { name: "prepare", sequence: "prepare", summary: "Run prepare.yml", all: true, force: true, platform: true, driver: true },
  { name: "side-effect", sequence: "side_effect", summary: "Run side_effect.yml", all: true, platform: true },
  { name: "verify", sequence: "verify", summary: "Run the verifier", all: true, platform: true },
  { name: "idempotence", sequence: "idempotence", summary: "Converge again and fail if anything changes", all: true, platform: true },
  { name: "dependency", sequence: "dependency", summary: "Install Galaxy roles/collections or run the shell dependency", all: true },
  { name: "syntax", sequence: "syntax", summary: "ansible-playbook --syntax-check on converge.yml", all: true },
  { name: "lint", sequence: "lint", summary: "Run the scenario's lint command (or yamllint / ansible-lint)", all: true },
];

type Raw = Record<string, unknown>;

// A repeatable option's values (one string when given once by a caller that does not collect).
const names = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === "string" ? [v] : []);

// Options of the program and the subcommand, merged and typed.
export function normalize(raw: Raw, ctx: ProgramContext, ansibleArgs: string[] = []): CommandOptions {
  const destroy = raw.destroy as string | undefined;
  return {
    projectDir: ctx.projectDir,
    scenarioName: names(raw.scenarioName)[0],
    scenarioNames: names(raw.scenarioName),
    exclude: names(raw.exclude),
    all: Boolean(raw.all),
    parallel: Boolean(raw.parallel),
    workers: raw.workers === undefined ? undefined : parseWorkers(String(raw.workers)),
    continueOnFailure: Boolean(raw.continueOnFailure),
    destroy: destroy === "never" || destroy === "always" ? destroy : undefined,
    platformName: raw.platformName as string | undefined,
    driverName: raw.driverName as string | undefined,
    debug: Boolean(raw.debug),
    offline: Boolean(raw.offline),
    baseConfig: (raw.baseConfig as string[] | undefined) ?? undefined,
    envFile: raw.envFile as string | undefined,
    force: Boolean(raw.force),
    snapshot: Boolean(raw.snapshot),
    sharedState: Boolean(raw.sharedState),
    report: raw.report as string | undefined,
    reportSuite: raw.reportSuite as string | undefined,
    ansibleArgs,
    signal: ctx.signal,
    write: ctx.write,
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function scenarioOption(cmd: Command): Command {
  return cmd.option("-s, --scenario-name <name>", "scenario to act on (default: `default`; repeatable, `group/name` when nested, globs such as \"web*\")", collect);
}

// A fresh program; parse errors throw CommanderError (main.ts maps them to exit 2).
export function createProgram(ctx: ProgramContext = {}): Command {
  const program = new Command("isomer")
    .description("Molecule-compatible testing of Ansible roles on an embedded, daemonless container runtime")
    .version("0.1.0")
    .option("--debug", "show debug output and stack traces")
    .option("--offline", "no network in the dependency step: say what is missing instead of installing it (also MOLECULE_OFFLINE=1)")
    .option("-c, --base-config <file>", "base config merged under molecule.yml (repeatable)", collect)
    .option("-e, --env-file <file>", "YAML file of environment variables for interpolation (default `.env.yml`)")
    .showHelpAfterError()
    .exitOverride(); // before the subcommands, which inherit it: errors throw CommanderError
  if (ctx.writeErr) program.configureOutput({ writeErr: ctx.writeErr, writeOut: ctx.write });

  for (const spec of SEQUENCE_COMMANDS) {
    const cmd = scenarioOption(program.command(spec.name).description(spec.summary));
    if (spec.all) cmd.option("--exclude <name>", "leave this scenario out (repeatable, globs)", collect).option("--all", "act on every scenario").option("--parallel", "run every scenario at once (the older spelling of --workers)")
      .option("--workers <n>", "scenarios at once: a number, `cpus` or `cpus-1` (own ephemeral dirs, always destroy, output lines prefixed [scenario])")
      .option("--continue-on-failure", "start the remaining scenarios after one fails")
      .option("--shared-state", "the `default` scenario's create and destroy serve every scenario of the run, which skip their own (Molecule 25.7+; also `shared_state: true`)");
    if (spec.destroy) cmd.addOption(new Option("--destroy <when>", "destroy at the end and after a failure").choices(["always", "never"]).default("always"));
    if (spec.force) cmd.option("-f, --force", "redo it even if state says it is done");
    if (spec.platform) cmd.option("-p, --platform-name <name>", "act on one platform only");
    if (spec.driver) cmd.option("-d, --driver-name <name>", "override `driver.name`");
    if (spec.snapshot) cmd.option("--snapshot", "start from a prepared-instance snapshot when prepare's inputs are unchanged, else save one after prepare (also `driver.options.snapshot: true`)");
    cmd.option("--report <file.xml>", "write a JUnit report").option("--report-suite <name>", "JUnit suite name instead of `isomer:<scenario>` (`ci matrix` entries pass theirs)");
    cmd.argument("[ansible_args...]", "after `--`: passed to ansible-playbook");
    cmd.action(async (ansibleArgs: string[], _opts: Raw, self: Command) => {
      const { sequenceCommand } = await import("../commands/sequence.js");
      await sequenceCommand(spec.sequence, normalize(self.optsWithGlobals(), ctx, ansibleArgs));
    });
  }

  scenarioOption(program.command("login").description("Open a shell in an instance").helpOption("--help", "display help for command"))
    .option("-h, --host <name>", "instance to log in to")
    .option("--shared-state", "the scenario runs on the `default` scenario's instances (also `shared_state: true`)")
    .action(async (_opts: Raw, self: Command) => {
      const { login } = await import("../commands/login.js");
      const raw = self.optsWithGlobals();
      await login({ ...normalize(raw, ctx), host: raw.host as string | undefined });
    });

  scenarioOption(program.command("list").description("List instances and their state"))
    .addOption(new Option("-f, --format <format>", "output format").choices(["table", "plain", "yaml", "json"]).default("table"))
    .option("--shared-state", "scenarios on the `default` scenario's instances list those (also `shared_state: true`)")
    .action(async (_opts: Raw, self: Command) => {
      const { list } = await import("../commands/list.js");
      const raw = self.optsWithGlobals();
      await list({ ...normalize(raw, ctx), all: !raw.scenarioName, format: raw.format as string });
    });

  scenarioOption(program.command("matrix").description("Show the actions a subcommand would run").argument("<subcommand>"))
    .option("--all", "every scenario")
    .option("--destroy <when>", "as for test")
    .action(async (subcommand: string, _opts: Raw, self: Command) => {
      const { matrix } = await import("../commands/matrix.js");
      await matrix(subcommand, normalize(self.optsWithGlobals(), ctx));
    });

  scenarioOption(program.command("reset").description("Forget a scenario's ephemeral directory and state"))
    .option("--all", "every scenario")
    .option("-f, --force", "even when instances are still recorded")
    .action(async (_opts: Raw, self: Command) => {
      const { reset } = await import("../commands/reset.js");
      await reset(normalize(self.optsWithGlobals(), ctx));
    });

  program.command("drivers").description("List the available drivers")
    .addOption(new Option("-f, --format <format>", "output format").choices(["plain", "json"]).default("plain"))
    .action(async (_opts: Raw, self: Command) => {
      const { drivers } = await import("../commands/drivers.js");
      await drivers({ ...normalize(self.optsWithGlobals(), ctx), format: self.opts().format as string });
    });

  const init = program.command("init").description("Create a scenario or a role from templates");
  init.command("scenario").argument("[name]", "scenario name", "default").option("-d, --driver-name <name>", "driver of the new scenario", "isomer")
    .action(async (name: string, _opts: Raw, self: Command) => {
      const { initScenario } = await import("../commands/init.js");
      await initScenario(name, normalize(self.optsWithGlobals(), ctx));
    });
  init.command("role").argument("<name>", "role name (`namespace.role` or `role`)").option("--namespace <ns>", "Galaxy namespace")
    .option("-d, --driver-name <name>", "driver of the default scenario", "isomer")
    .action(async (name: string, _opts: Raw, self: Command) => {
      const { initRole } = await import("../commands/init.js");
      const raw = self.optsWithGlobals();
      await initRole(name, { ...normalize(raw, ctx), namespace: raw.namespace as string | undefined });
    });

  registerCiCommands(program, { projectDir: ctx.projectDir, write: ctx.write }); // `isomer ci ...` (src/cli/ci.ts)
  registerImageCommands(program, { write: ctx.write, writeErr: ctx.writeErr, signal: ctx.signal }); // `isomer image ...` (src/cli/image.ts)
  return program;
}
