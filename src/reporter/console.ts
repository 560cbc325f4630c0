// The default reporter: Molecule-like headings on stdout, colour with chalk on a TTY only
// (NO_COLOR or a pipe: plain text), and the record list for the summary and JUnit.
import { Chalk, type ChalkInstance } from "chalk";
import type { Reporter, StepRecord } from "./reporter.js";
import type { VerifierCase } from "../../verifiers/runner/types.js";
import { recapTable, summaryTable } from "./summary.js";
import { writeStdout } from "../util/line-output.js";

// Options for the console reporter.
export interface ConsoleReporterOptions {
  write?: (text: string) => void;
  color?: boolean;
}

// Whether to colour output written to `stream`.
export function wantColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true;
}

// A reporter writing human-readable lines.
export class ConsoleReporter implements Reporter {
  private readonly write: (text: string) => void;
  private readonly c: ChalkInstance;
  private readonly recorded: StepRecord[] = [];
  private readonly verifierCases: { suite: string; testCase: VerifierCase }[] = [];

  constructor(options: ConsoleReporterOptions = {}) {
    this.write = options.write ?? writeStdout; // lines prefixed per scenario when scenarios run side by side
    const color = options.color ?? wantColor(process.stdout);
    this.c = new Chalk({ level: color ? 1 : 0 });
  }

  sequenceStart(scenario: string, sequence: string, actions: string[]): void {
    this.write(this.c.bold(`INFO     ${scenario} ➜ ${sequence} sequence: ${actions.join(", ")}`) + "\n");
  }

  stepStart(scenario: string, action: string, instances: string[]): void {
    const on = instances.length ? ` on ${instances.join(", ")}` : "";
    this.write(this.c.cyan(`INFO     ${scenario} ➜ ${action}: starting${on}`) + "\n");
  }

  stepEnd(record: StepRecord): void {
    this.recorded.push(record);
    const took = `${record.seconds.toFixed(1)}s`;
    const colour = record.status === "ok" ? this.c.green : record.status === "failed" ? this.c.red : this.c.yellow;
    const message = record.message?.replace(new RegExp(`^${record.status}: `), "");
    const why = message ? `: ${message}` : "";
    this.write(colour(`INFO     ${record.scenario} ➜ ${record.action}: ${record.status} (${took})${why}`) + "\n");
  }

  note(scenario: string, action: string, message: string): void {
    this.write(`INFO     ${scenario} ➜ ${action}: ${message}\n`);
  }

  warn(scenario: string, action: string, message: string): void {
    this.write(this.c.yellow(`WARNING  ${scenario} ➜ ${action}: ${message}`) + "\n");
  }

  sequenceEnd(scenario: string, sequence: string, ok: boolean): void {
    const text = `INFO     ${scenario} ➜ ${sequence} sequence ${ok ? "succeeded" : "failed"}`;
    this.write((ok ? this.c.green : this.c.red)(text) + "\n");
  }

  addCase(suite: string, testCase: VerifierCase): void {
    this.verifierCases.push({ suite, testCase });
  }

  records(): StepRecord[] {
    return [...this.recorded];
  }

  cases(): { suite: string; testCase: VerifierCase }[] {
    return [...this.verifierCases];
  }

  // Print the action × instance summary table, then the recap of the actions' playbooks; `order` (scenario names) groups the rows of
  // scenarios that ran side by side, each in its own order of actions.
  printSummary(order: string[] = []): void {
    const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
    const rows = [...this.recorded].sort((a, b) => rank(a.scenario) - rank(b.scenario)); // stable
    if (rows.length) this.write("\n" + summaryTable(rows) + "\n");
    const recap = recapTable(rows);
    if (recap) this.write("\nRECAP (task results of each action's playbooks, all hosts)\n" + recap + "\n");
  }
}
