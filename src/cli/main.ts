#!/usr/bin/env node
// The isomer binary: parse, run, and the ONE place that prints errors and exits. User errors are
// one paragraph (what, where, what to do) with their documented exit code; a stack trace only
// with --debug or for bugs. Ctrl-C aborts the run (test destroys first) and exits 130.
import { CommanderError } from "commander";
import { createProgram } from "./program.js";
import { EXIT } from "../errors.js";
import { formatError, exitCodeOf } from "./report-error.js";

async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  const interrupt = (signal: string) => {
    interrupts += 1;
    if (interrupts > 1) process.exit(EXIT.interrupted); // second Ctrl-C: give up cleanup
    process.stderr.write(`\nisomer: ${signal}: interrupted, cleaning up (Ctrl-C again to quit at once)\n`);
    controller.abort();
  };
  process.on("SIGINT", () => interrupt("SIGINT"));
  process.on("SIGTERM", () => interrupt("SIGTERM")); // CI cancelling a job: clean up the same way
  const debug = argv.includes("--debug");
  const program = createProgram({ signal: controller.signal });
  try {
    await program.parseAsync(argv);
    return controller.signal.aborted ? EXIT.interrupted : EXIT.ok;
  } catch (error) {
    if (!(error instanceof CommanderError)) process.stderr.write(formatError(error, debug));
    return exitCodeOf(error, controller.signal.aborted);
  }
}

process.exitCode = await main(process.argv);
