// The sequence commands (test, converge, create, destroy, verify, ...): load the scenarios, run
// the sequence on each (one after another, or together with --parallel), print the summary of
// `test`, write --report. The first failure's error is thrown (its exit code wins).
import { rmSync } from "node:fs";
import type { SequenceName } from "../config/types.js";
import { ConsoleReporter } from "../reporter/console.js";
import type { Reporter } from "../reporter/reporter.js";
import { writeJunit } from "../reporter/junit.js";
import { runSequence } from "../scenario/run.js";
import { ConfigError } from "../errors.js";
import { loadConfigs } from "./load.js";
import type { CommandOptions } from "./options.js";

// Run `sequence` as the command line asked.
export async function sequenceCommand(sequence: SequenceName, options: CommandOptions): Promise<void> {
  if (options.parallel && options.destroy === "never") {
    throw new ConfigError("`--parallel` cannot be combined with `--destroy never`", {
      hint: "Parallel runs use throw-away ephemeral directories, so they always destroy; drop one of the flags.",
    });
  }
  const reporter: Reporter = options.reporter ?? new ConsoleReporter();
  const configs = await loadConfigs(options, (m) => reporter.warn("config", "load", m));
  const signal = options.signal ?? new AbortController().signal;
  const runOptions = { ...options, destroy: options.parallel ? ("always" as const) : options.destroy }; // after loadConfigs: carries runUuid
  const errors: unknown[] = [];
  try {
    if (options.parallel) {
      const results = await Promise.allSettled(configs.map((c) => runSequence(c, sequence, runOptions, reporter, signal)));
      results.forEach((r, i) => {
        if (r.status === "rejected") errors.push(r.reason);
        else rmSync(configs[i]!.ephemeralDir, { recursive: true, force: true });
      });
    } else {
      for (const config of configs) {
        try {
          await runSequence(config, sequence, runOptions, reporter, signal);
        } catch (error) {
          errors.push(error);
          break;
        }
      }
    }
  } finally {
    if (sequence === "test" && reporter instanceof ConsoleReporter) reporter.printSummary();
    if (options.report) writeJunit(options.report, reporter.records(), reporter.cases(), options.reportSuite);
  }
  if (errors.length) throw errors[0];
}
