#!/usr/bin/env node
// The isomer binary: parse, run, and the ONE place that prints errors and exits. User errors are
// one paragraph (what, where, what to do) with their documented exit code; a stack trace only
// with --debug or for bugs. Ctrl-C (SIGINT) and SIGTERM abort the run the same way (ansible-playbook's
// process group is ended, test destroys first) and exit 130 or 143 after the cleanup.
import { CommanderError } from "commander";
import { createProgram } from "./program.js";
import { EXIT } from "../errors.js";
import { formatError, exitCodeOf, signalExitCode } from "./report-error.js";
import { createPrivateHome } from "../util/paths.js";
import { isRootless } from "../util/idmap.js";
import { runInUserScope, userScopeCommand } from "./user-scope.js";

async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  let firstSignal: NodeJS.Signals | undefined;
  const interrupt = (signal: NodeJS.Signals) => {
    if (firstSignal) process.exit(signalExitCode(firstSignal)); // a second signal: give up cleanup
    firstSignal = signal;
    process.stderr.write(`\nisomer: ${signal}: interrupted, cleaning up (Ctrl-C again to quit at once)\n`);
    controller.abort();
  };
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt); // CI cancelling a job: clean up the same way
  const debug = argv.includes("--debug");
  const program = createProgram({ signal: controller.signal });
  try {
    if (isRootless()) createPrivateHome(); // rootless: no other user may read the store or containers
    await program.parseAsync(argv);
    return firstSignal ? signalExitCode(firstSignal) : EXIT.ok;
  } catch (error) {
    if (!(error instanceof CommanderError)) process.stderr.write(formatError(error, debug));
    return exitCodeOf(error, firstSignal);
  }
}

const scoped = userScopeCommand(process.argv);
process.exitCode = scoped ? await runInUserScope(scoped) : await main(process.argv);
