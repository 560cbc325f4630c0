import { describe, expect, it } from "vitest";
import { dictToArgs } from "../../../../verifiers/runner/args.js";
import { parsePytestJUnit } from "../../../../verifiers/runner/junit-xml.js";
import { verifyTargets } from "../../../../verifiers/runner/targets.js";
import { globFiles, testinfraArgs } from "../../../../verifiers/runner/testinfra.js";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import type { RunVerifierContext } from "../../../../verifiers/runner/types.js";

describe("dictToArgs", () => {
  it("turns verifier options into flags as Molecule does", () => {
    expect(dictToArgs({ v: true, n: 2, junit_prefix: "x", sudo: false, k: ["a", "b"] })).toEqual(["-v", "-n", "2", "--junit-prefix=x", "-k", "a", "-k", "b"]);
  });
});

describe("testinfraArgs", () => {
  it("puts the inventory and ansible://all first and lets options override them", () => {
    const ctx = { inventoryFile: "/e/inventory.yml", options: { hosts: "ansible://web1", v: true } } as unknown as RunVerifierContext;
    expect(testinfraArgs(ctx, ["/t/test_a.py"], "/e/j.xml")).toEqual([
      "--ansible-inventory=/e/inventory.yml", "--hosts=ansible://web1", "-p", "no:cacheprovider", "-v", "--junitxml=/e/j.xml", "/t/test_a.py",
    ]);
  });
});

describe("globFiles", () => {
  it("matches *, ** and plain paths under the tests dir", () => {
    const dir = mkdtempSync(join(tmpdir(), "isomer-test-verifiers-glob-"));
    try {
      mkdirSync(join(dir, "extra", "deep"), { recursive: true });
      for (const f of ["extra/test_a.py", "extra/b.py", "extra/deep/test_c.py"]) writeFileSync(join(dir, f), "");
      expect(globFiles(dir, "extra/test_*.py")).toEqual([join(dir, "extra/test_a.py")]);
      expect(globFiles(dir, "**/test_*.py").sort()).toEqual([join(dir, "extra/deep/test_c.py"), join(dir, "extra/test_a.py")]);
      expect(globFiles(dir, "extra/b.py")).toEqual([join(dir, "extra/b.py")]);
      expect(globFiles(dir, "missing.py")).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("parsePytestJUnit", () => {
  it("reads passed, failed and skipped cases with the instance from the test id", () => {
    const xml = `<?xml version="1.0"?><testsuites><testsuite name="pytest">
<testcase classname="test_default" name="test_ok[ansible://web1]" time="0.250" />
<testcase classname="test_default" name="test_bad[ansible://web2]" time="1.5"><failure message="AssertionError: assert False &amp; &lt;x&gt;">trace</failure></testcase>
<testcase classname="test_default" name="test_skip[ansible://web1]" time="0"><skipped message="no" /></testcase>
</testsuite></testsuites>`;
    expect(parsePytestJUnit(xml)).toEqual([
      { instance: "web1", file: "test_default", name: "test_ok[ansible://web1]", status: "passed", durationMs: 250, message: undefined },
      { instance: "web2", file: "test_default", name: "test_bad[ansible://web2]", status: "failed", durationMs: 1500, message: "AssertionError: assert False & <x>\ntrace" },
      { instance: "web1", file: "test_default", name: "test_skip[ansible://web1]", status: "skipped", durationMs: 0, message: undefined },
    ]);
  });
});

describe("verifyTargets", () => {
  const instances = [
    { name: "a", connection: "local" as const, vars: {}, groups: ["web"] },
    { name: "b", connection: "local" as const, vars: {}, groups: ["db"] },
    { name: "c", connection: "local" as const, vars: {}, groups: ["web"] },
    { name: "d", connection: "local" as const, vars: {} },
  ];
  it("makes one target per instance by default", () => {
    expect(verifyTargets({ instances }).map((t) => t.name)).toEqual(["a", "b", "c", "d"]);
  });
  it("groups by first inventory group when asked", () => {
    expect(verifyTargets({ instances, per: "group" }).map((t) => [t.name, t.instances.map((i) => i.name)])).toEqual([
      ["web", ["a", "c"]], ["db", ["b"]], ["ungrouped", ["d"]],
    ]);
  });
});
