// Options shared by the commands, already normalized by the CLI (no argv parsing here).
import type { Reporter } from "../reporter/reporter.js";

// What every scenario command accepts.
export interface CommandOptions {
  projectDir?: string; // default: process.cwd()
  scenarioName?: string; // the first -s
  scenarioNames?: string[]; // every -s (globs allowed)
  exclude?: string[]; // --exclude NAME (repeatable, globs allowed)
  all?: boolean;
  parallel?: boolean; // --parallel: the older spelling, every scenario at once
  workers?: number; // --workers N|cpus|cpus-1 (parsed): scenarios at once (default 1)
  continueOnFailure?: boolean; // --continue-on-failure: a failed scenario does not stop the others from starting
  destroy?: "always" | "never";
  platformName?: string;
  driverName?: string;
  debug?: boolean;
  offline?: boolean; // --offline (Molecule): the dependency step installs nothing
  baseConfig?: string[];
  envFile?: string;
  force?: boolean;
  snapshot?: boolean; // --snapshot: prepared-instance snapshots (create starts from one, prepare saves one)
  sharedState?: boolean; // --shared-state (Molecule 25.7+): the `default` scenario's create/destroy serve every scenario
  report?: string;
  reportSuite?: string; // --report-suite: the JUnit suite name (a CI matrix entry's), instead of `isomer:<scenario>`
  ansibleArgs?: string[];
  runUuid?: string; // set by loadConfigs when scenarios run concurrently (ephemeral dir names and state.run_uuid)
  signal?: AbortSignal; // Ctrl-C (from main.ts)
  reporter?: Reporter; // default: a ConsoleReporter on stdout
  write?: (text: string) => void; // where commands print (default stdout)
}

// The project directory a command works in.
export function projectDirOf(options: CommandOptions): string {
  return options.projectDir ?? process.cwd();
}

// stdout writer used by commands that print results.
export function writerOf(options: CommandOptions): (text: string) => void {
  return options.write ?? ((text) => process.stdout.write(text));
}
