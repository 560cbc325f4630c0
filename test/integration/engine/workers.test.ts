// Molecule 26's --workers and --continue-on-failure with real ansible-playbook (delegated driver,
// Ansible's local connection): three scenarios, two at a time, each in its own throw-away
// ephemeral directory, every output line prefixed with its scenario and never two in one line,
// one summary and one JUnit report; a failed scenario stops the next from starting unless
// --continue-on-failure.
import { describe, it, expect, vi, afterEach } from "vitest";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { sequenceCommand } from "../../../src/commands/sequence.js";
import { ConsoleReporter } from "../../../src/reporter/console.js";
import { which } from "../../../src/util/which.js";
import { delegatedProjectFiles } from "../../helpers/engine-scenario.js";
import { tmpdir, writeFiles } from "../../helpers/tmpdir.js";

const NAMES = ["alpha", "beta", "gamma"];

// A project with one delegated scenario per name, each with its own target directory.
function project(base: string, files: (name: string) => Record<string, string> = () => ({})) {
  const dir = join(base, "engine_demo");
  for (const name of NAMES) {
    const spec = { ...delegatedProjectFiles(join(base, "targets", name)), ...files(name) };
    writeFiles(dir, Object.fromEntries(Object.entries(spec).map(([k, v]) => [k.replace(/^molecule\/default\//, `molecule/${name}/`), v])));
  }
  return dir;
}

// Everything written to stdout while `fn` runs.
async function stdoutOf(fn: () => Promise<unknown>): Promise<{ text: string; error?: unknown }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => void chunks.push(String(chunk)) ?? true);
  try {
    await fn();
    return { text: chunks.join("") };
  } catch (error) {
    return { text: chunks.join(""), error };
  } finally {
    spy.mockRestore();
  }
}

describe.skipIf(!which("ansible-playbook"))("--workers and --continue-on-failure", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("runs three scenarios two at a time, output lines prefixed per scenario, one summary and one report", async () => {
    const base = tmpdir();
    vi.stubEnv("XDG_CACHE_HOME", join(base, "cache"));
    vi.stubEnv("MOLECULE_EPHEMERAL_DIRECTORY", undefined);
    const dir = project(base);
    const report = join(base, "junit.xml");
    const { text, error } = await stdoutOf(() => sequenceCommand("test", { projectDir: dir, all: true, workers: 2, report }));
    expect(error).toBeUndefined();
    const end = text.search(/\nSCENARIO +ACTION +INSTANCE/);
    expect(end, "one summary, after everything else").toBeGreaterThan(0);
    expect(text.split(/SCENARIO +ACTION +INSTANCE/).length).toBe(2);
    const [summary, recap] = text.slice(end + 1).split("\nRECAP ");
    const lines = text.slice(0, end).split("\n").filter(Boolean);
    for (const line of lines) expect(line).toMatch(/^\[(alpha|beta|gamma)\] /);
    for (const line of lines) expect(line.slice(1)).not.toMatch(/\[(alpha|beta|gamma)\] /); // never two in one line
    for (const name of NAMES) {
      expect(lines.some((l) => l.startsWith(`[${name}] PLAY RECAP`)), `${name}'s Ansible output`).toBe(true);
      expect(lines).toContain(`[${name}] INFO     ${name} ➜ test sequence succeeded`);
    }
    // two lanes: beta starts before alpha ends, gamma only after one of them has ended
    const at = (pattern: string) => lines.findIndex((l) => l.includes(pattern));
    expect(at("beta ➜ test sequence:")).toBeLessThan(at("alpha ➜ test sequence succeeded"));
    expect(at("gamma ➜ test sequence:")).toBeGreaterThan(Math.min(at("alpha ➜ test sequence succeeded"), at("beta ➜ test sequence succeeded")));
    // rows grouped by scenario in the summary
    const rows = summary!.split("\n").slice(1).filter(Boolean).map((r) => r.split(/\s+/)[0]);
    expect([...new Set(rows)]).toEqual(NAMES);
    // the recap: per scenario and action, the task results of its playbooks
    const recapRows = recap!.split("\n").slice(2).filter(Boolean).map((r) => r.split(/\s+/));
    for (const name of NAMES) {
      expect(recapRows.find((r) => r[0] === name && r[1] === "converge")?.slice(2)).toEqual(["1", "1", "0", "0"]); // ok, changed, failed, skipped
      expect(recapRows.find((r) => r[0] === name && r[1] === "idempotence")?.slice(2)).toEqual(["1", "0", "0", "0"]);
      expect(recapRows.find((r) => r[0] === name && r[1] === "create")?.[4]).toBe("0");
    }
    const xml = readFileSync(report, "utf8");
    for (const name of NAMES) expect(xml).toContain(`<testsuite name="isomer:${name}"`);
    // each ran in its own ephemeral directory, removed after success
    const cache = readdirSync(join(base, "cache", "isomer"));
    expect(cache.flatMap((p) => readdirSync(join(base, "cache", "isomer", p)).filter((d) => d.includes("-parallel-")))).toEqual([]);
    for (const name of NAMES) expect(existsSync(join(base, "targets", name))).toBe(false);
  });

  it("after a failed scenario starts no other, unless --continue-on-failure", async () => {
    const base = tmpdir();
    vi.stubEnv("XDG_CACHE_HOME", join(base, "cache"));
    vi.stubEnv("MOLECULE_EPHEMERAL_DIRECTORY", undefined);
    const failing = "- name: Converge\n  hosts: all\n  gather_facts: false\n  tasks:\n    - ansible.builtin.fail:\n        msg: broken on purpose\n";
    const dir = project(base, (name) => (name === "alpha" ? { "molecule/default/converge.yml": failing } : {}));
    const scenarioNames = ["alpha", "beta"];
    const stopped = new ConsoleReporter({ color: false, write: () => {} });
    await expect(sequenceCommand("converge", { projectDir: dir, scenarioNames, reporter: stopped })).rejects.toMatchObject({ exitCode: 1 });
    expect([...new Set(stopped.records().map((r) => r.scenario))]).toEqual(["alpha"]);

    const kept = new ConsoleReporter({ color: false, write: () => {} });
    const error = await sequenceCommand("converge", { projectDir: dir, scenarioNames, reporter: kept, continueOnFailure: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 1, message: expect.stringContaining("alpha") }); // the first failure's
    expect(kept.records().filter((r) => r.scenario === "beta" && r.action === "converge").map((r) => r.status)).toEqual(["ok"]);
    expect(existsSync(join(base, "targets", "beta", "managed.txt"))).toBe(true);
    await sequenceCommand("destroy", { projectDir: dir, scenarioNames, reporter: kept });
    expect(existsSync(join(base, "targets", "beta"))).toBe(false);
  });
});
