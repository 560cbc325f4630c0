import { describe, expect, it } from "vitest";
import { formatCommand, shellQuote } from "../../../verifiers/quote.js";

describe("shellQuote", () => {
  it("leaves plain words alone and single-quotes the rest", () => {
    expect(shellQuote("/etc/passwd")).toBe("/etc/passwd");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote("$(reboot)")).toBe("'$(reboot)'");
  });
});

describe("formatCommand", () => {
  it("fills each %s with the next argument, quoted, and keeps %%", () => {
    expect(formatCommand("ls %s %s", ["/tmp/a b", 3])).toBe("ls '/tmp/a b' 3");
    expect(formatCommand("printf 100%% %s", ["x"])).toBe("printf 100% x");
  });
  it("refuses a count mismatch between %s and arguments", () => {
    expect(() => formatCommand("ls %s", [])).toThrow(/more %s than arguments/);
    expect(() => formatCommand("ls", ["x"])).toThrow(/0 %s for 1 arguments/);
  });
});
