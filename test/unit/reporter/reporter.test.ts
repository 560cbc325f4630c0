import { describe, it, expect } from "vitest";
import { ConsoleReporter, wantColor } from "../../../src/reporter/console.js";
import { summaryTable } from "../../../src/reporter/summary.js";
import { junitXml } from "../../../src/reporter/junit.js";
import type { StepRecord } from "../../../src/reporter/reporter.js";

const records: StepRecord[] = [
  { scenario: "default", action: "create", instances: ["a", "b"], status: "ok", seconds: 1.25 },
  { scenario: "default", action: "verify", instances: ["a"], status: "failed", seconds: 0.5, message: "x < y & \"z\"" },
  { scenario: "default", action: "prepare", instances: [], status: "skipped", seconds: 0, message: "skipped: no prepare playbook" },
];

describe("reporter", () => {
  it("colours only on a TTY without NO_COLOR", () => {
    expect(wantColor({ isTTY: true }, {})).toBe(true);
    expect(wantColor({ isTTY: false }, {})).toBe(false);
    expect(wantColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(wantColor({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
  });

  it("writes headings with instances and duration, plain when colour is off", () => {
    const out: string[] = [];
    const r = new ConsoleReporter({ write: (t) => void out.push(t), color: false });
    r.stepStart("default", "create", ["a", "b"]);
    r.stepEnd(records[0]!);
    expect(out.join("")).toBe("INFO     default ➜ create: starting on a, b\nINFO     default ➜ create: ok (1.3s)\n");
    const coloured: string[] = [];
    new ConsoleReporter({ write: (t) => void coloured.push(t), color: true }).stepEnd(records[1]!);
    expect(coloured.join("")).toMatch(/^\x1b\[31m/);
  });

  it("summarises action × instance with result and seconds", () => {
    expect(summaryTable(records).split("\n")).toEqual([
      "SCENARIO  ACTION   INSTANCE  RESULT   SECONDS",
      "default   create   a         ok       1.3",
      "default   create   b         ok       1.3",
      "default   verify   a         failed   0.5",
      "default   prepare  -         skipped  0.0",
    ]);
  });

  it("writes JUnit with escaped failure messages and verifier cases in their own suite", () => {
    const xml = junitXml(records, [{ suite: "verify:default:a", testCase: { instance: "a", file: "tests/x.test.ts", name: "nginx runs", status: "passed", durationMs: 20 } }]);
    expect(xml).toContain('<testsuite name="isomer:default" tests="3" failures="1" skipped="1" time="1.750">');
    expect(xml).toContain('<failure message="x &lt; y &amp; &quot;z&quot;"/>');
    expect(xml).toContain('<testsuite name="verify:default:a" tests="1" failures="0" skipped="0" time="0.020">');
    expect(xml).toContain('<testcase name="nginx runs" classname="a.tests/x.test.ts" time="0.020"/>');
  });

  it("names every suite after a CI matrix entry when given one, so merged reports keep entries apart", () => {
    const cases = [{ suite: "verify:default:a", testCase: { instance: "a", file: "tests/x.test.ts", name: "nginx runs", status: "passed" as const, durationMs: 20 } }];
    const one = junitXml(records, cases, "default / a / debian11");
    const two = junitXml(records, cases, "default / a / debian12");
    expect(one).toContain('<testsuite name="default / a / debian11" tests="3"');
    expect(one).toContain('<testsuite name="default / a / debian11 / verify:default:a" tests="1"');
    expect(one).not.toContain("isomer:default");
    expect(two).toContain('<testsuite name="default / a / debian12" tests="3"');
  });
});

describe("reporter headings for skipped actions", () => {
  it("does not repeat the status when the message starts with it", () => {
    const out: string[] = [];
    new ConsoleReporter({ write: (t) => void out.push(t), color: false }).stepEnd(records[2]!);
    expect(out.join("")).toBe("INFO     default ➜ prepare: skipped (0.0s): no prepare playbook\n");
  });
});
