// `--report FILE.xml`: JUnit XML with one suite per scenario (actions as test cases) and one per
// verifier suite (cases fed by the verifiers).
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { StepRecord } from "./reporter.js";
import type { VerifierCase } from "../../verifiers/runner/types.js";

function esc(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[ch]!);
}

interface Case {
  name: string;
  classname: string;
  seconds: number;
  status: "ok" | "failed" | "skipped" | "passed";
  message?: string;
}

function suiteXml(name: string, cases: Case[]): string {
  const failures = cases.filter((c) => c.status === "failed").length;
  const skipped = cases.filter((c) => c.status === "skipped").length;
  const time = cases.reduce((t, c) => t + c.seconds, 0);
  const body = cases.map((c) => {
    const head = `    <testcase name="${esc(c.name)}" classname="${esc(c.classname)}" time="${c.seconds.toFixed(3)}"`;
    if (c.status === "failed") return `${head}>\n      <failure message="${esc(c.message ?? "failed")}"/>\n    </testcase>`;
    if (c.status === "skipped") return `${head}>\n      <skipped message="${esc(c.message ?? "skipped")}"/>\n    </testcase>`;
    return `${head}/>`;
  });
  return `  <testsuite name="${esc(name)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}" time="${time.toFixed(3)}">\n${body.join("\n")}\n  </testsuite>`;
}

// The JUnit XML document for `records` and verifier `cases`. `suite` (a CI matrix entry's name)
// replaces `isomer:<scenario>` and prefixes the verifier suites, so merged reports keep entries apart.
export function junitXml(records: StepRecord[], cases: { suite: string; testCase: VerifierCase }[], suite?: string): string {
  const suites = new Map<string, Case[]>();
  const add = (suite: string, c: Case) => suites.set(suite, [...(suites.get(suite) ?? []), c]);
  for (const r of records) {
    add(suite ?? `isomer:${r.scenario}`, { name: r.action, classname: `${r.scenario}.${r.instances.join(",") || "all"}`, seconds: r.seconds, status: r.status, message: r.message });
  }
  for (const { suite: name, testCase: t } of cases) {
    add(suite ? `${suite} / ${name}` : name, { name: t.name, classname: `${t.instance}.${t.file}`, seconds: t.durationMs / 1000, status: t.status, message: t.message });
  }
  const body = [...suites].map(([name, list]) => suiteXml(name, list)).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${body}\n</testsuites>\n`;
}

// Write the JUnit report to `file`.
export function writeJunit(file: string, records: StepRecord[], cases: { suite: string; testCase: VerifierCase }[], suite?: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, junitXml(records, cases, suite));
}
