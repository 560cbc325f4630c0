// Errors the host API raises: a command exited with an unexpected code.
import { IsomerError } from "../src/errors.js";
import type { CommandResult } from "./backends/types.js";

// `runExpect` / `checkOutput` saw an exit code it did not allow.
export class CommandFailedError extends IsomerError {
  constructor(readonly instance: string, readonly result: CommandResult, readonly expected: number[]) {
    super(
      "ISOMER_VERIFY_COMMAND",
      `on \`${instance}\`: command \`${result.command}\` exited ${result.exitCode}, expected ${expected.join(" or ")}` +
        (result.stderr.trim() ? `\nstderr: ${result.stderr.trim().slice(0, 2000)}` : ""),
      { hint: "check that the command exists on the instance and that the path or name is right" },
    );
  }
}

// A module cannot work on this instance (unknown package manager, init system, missing tool).
export class UnsupportedError extends IsomerError {
  constructor(instance: string, what: string, hint?: string) {
    super("ISOMER_VERIFY_UNSUPPORTED", `on \`${instance}\`: ${what}`, { hint });
  }
}
