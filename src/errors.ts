// Error classes shared by every layer. Each error a user can cause carries a stable `code`, a
// `hint` saying what to do, and the process exit code; only src/cli/main.ts prints and exits.

// Documented exit codes (README "Exit codes").
export const EXIT = {
  ok: 0,
  failure: 1, // an action failed (Ansible, a verifier, a container step)
  usage: 2, // the user's input is wrong: flags, molecule.yml, image references, missing tools
  locked: 3, // another isomer process drives the scenario
  interrupted: 130, // SIGINT (Ctrl-C): 128 + 2, after cleanup
  terminated: 143, // SIGTERM (CI cancelling a job): 128 + 15, after the same cleanup
} as const;

export interface IsomerErrorOptions {
  hint?: string;
  exitCode?: number;
  cause?: unknown;
}

// Base of every error isomer raises on purpose; anything else is a bug and shows a stack trace.
export class IsomerError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly exitCode: number;

  constructor(code: string, message: string, options: IsomerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT.failure;
  }
}

// A mistake in the user's configuration or command line (exit 2). `location` is `file:line:col`.
export class ConfigError extends IsomerError {
  readonly location?: string;
  constructor(message: string, options: IsomerErrorOptions & { location?: string; code?: string } = {}) {
    super(options.code ?? "ISOMER_CONFIG", message, { exitCode: EXIT.usage, ...options });
    this.location = options.location;
  }
}

// A tool or resource the user must provide is missing (ansible-playbook, mmdebstrap, root) (exit 2).
export class PrerequisiteError extends IsomerError {
  constructor(message: string, options: IsomerErrorOptions & { code?: string } = {}) {
    super(options.code ?? "ISOMER_PREREQUISITE", message, { exitCode: EXIT.usage, ...options });
  }
}

// An action of a sequence failed; exitCode is the failing action's.
export class StepFailedError extends IsomerError {
  readonly step: string;
  constructor(step: string, message: string, options: IsomerErrorOptions = {}) {
    super("ISOMER_STEP_FAILED", message, { exitCode: EXIT.failure, ...options });
    this.step = step;
  }
}

// The process was interrupted (Ctrl-C); exit 130 after cleanup.
export class InterruptedError extends IsomerError {
  constructor(message = "interrupted") {
    super("ISOMER_INTERRUPTED", message, { exitCode: EXIT.interrupted });
  }
}

// True when `e` is an error isomer raised on purpose (printed without a stack trace).
export function isIsomerError(e: unknown): e is IsomerError {
  return e instanceof IsomerError;
}
