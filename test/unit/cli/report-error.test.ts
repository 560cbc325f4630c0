import { describe, it, expect } from "vitest";
import { formatError, exitCodeOf, signalExitCode } from "../../../src/cli/report-error.js";
import { ConfigError, IsomerError, StepFailedError } from "../../../src/errors.js";

describe("how main.ts reports errors", () => {
  it("prints a user error as what + hint, without a stack unless --debug", () => {
    const error = new ConfigError("Unknown driver `vagrant`", { hint: "Set `driver.name` to one of: `default`." });
    expect(formatError(error, false)).toBe("isomer: Unknown driver `vagrant`\nSet `driver.name` to one of: `default`.\n");
    expect(formatError(error, true)).toMatch(/\n\s+at /);
    expect(exitCodeOf(error)).toBe(2);
  });

  it("puts a config location in front when the message lacks it", () => {
    expect(formatError(new ConfigError("bad key", { location: "m.yml:3:1" }), false)).toBe("isomer: m.yml:3:1: bad key\n");
  });

  it("uses each error's exit code: action failures 1, lock 3", () => {
    expect(exitCodeOf(new StepFailedError("converge", "x"))).toBe(1);
    expect(exitCodeOf(new IsomerError("ISOMER_LOCKED", "x", { exitCode: 3 }))).toBe(3);
  });

  it("shows a bug with its stack and asks for a report", () => {
    const text = formatError(new TypeError("x is undefined"), false);
    expect(text).toMatch(/^isomer: internal error: x is undefined\nTypeError: x is undefined\n\s+at /);
    expect(text).toContain("This is a bug in isomer");
    expect(exitCodeOf(new TypeError("x"))).toBe(1);
  });

  it("after a signal the cleanup's exit code is 130 for SIGINT and 143 for SIGTERM, whatever the error", () => {
    expect(exitCodeOf(new StepFailedError("converge", "x"), "SIGINT")).toBe(130);
    expect(exitCodeOf(new StepFailedError("converge", "x"), "SIGTERM")).toBe(143);
    expect(signalExitCode("SIGTERM")).toBe(143);
  });
});
