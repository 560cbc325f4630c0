// How main.ts turns an error into text and an exit code (kept apart so tests can import it).
import { CommanderError } from "commander";
import { EXIT, isIsomerError, ConfigError } from "../errors.js";
import { signalExitCode } from "../util/process.js";

// The user-facing text for `error`.
export function formatError(error: unknown, debug: boolean): string {
  if (isIsomerError(error)) {
    const where = error instanceof ConfigError && error.location && !error.message.includes(error.location) ? `${error.location}: ` : "";
    const lines = [`isomer: ${where}${error.message}`];
    if (error.hint) lines.push(error.hint);
    if (debug && error.stack) lines.push(error.stack);
    return lines.join("\n") + "\n";
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return `isomer: internal error: ${e.message}\n${e.stack ?? ""}\nThis is a bug in isomer; please report it with the output above.\n`;
}

// The exit code for `error`; `interruptedBy` is the signal that aborted the run, if any.
export function exitCodeOf(error: unknown, interruptedBy?: NodeJS.Signals): number {
  if (interruptedBy) return signalExitCode(interruptedBy);
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT.usage;
  if (isIsomerError(error)) return error.exitCode;
  return EXIT.failure;
}

// The exit code after cleanup when `signal` aborted the run: 128 + its number, the rule every
// process isomer runs is reported by (SIGINT 130, SIGTERM 143: EXIT.interrupted / terminated).
export { signalExitCode } from "../util/process.js";
