// runVerifier end to end: a role directory outside this repository, TypeScript tests run by vitest
// against a Debian container (embedded runtime) and the local host, and Python tests run by Debian's
// pytest-testinfra through the isomer Ansible connection plugin (templates/ansible).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { templatesDir } from "../../../src/util/paths.js";
import { runVerifier, type InstanceConnection, type RunVerifierContext, type VerifierCase } from "../../../verifiers/runner/index.js";
import { startDebianContainer, type TestContainer } from "./container.js";

const isRoot = process.getuid?.() === 0;
const base = `/tmp/isomer-test-verifiers-role-${process.pid}`;

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(base, path)), { recursive: true });
    writeFileSync(join(base, path), text);
  }
}

const TS_PASSING = `
import { test, expect } from "isomer/verifiers";
const expected = JSON.parse(process.env.ISOMER_E_EXPECTED ?? "{}");
test("each run reaches its own instance", async ({ host }) => {
  expect(await host.sysctl("kernel.hostname")).toBe(expected[host.name]);
});
test("checks read the instance", async ({ host }) => {
  await expect(host.file("/etc/os-release")).toContain("bookworm");
  await expect(host.package("bash")).toBeInstalled();
  await expect(host.user("root")).toExist();
  expect(await host.user("root").home).toBe("/root");
});
`;
const TS_FAILING = `
import { test, expect } from "isomer/verifiers";
test("a package that is not there", async ({ host }) => {
  await expect(host.package("isomer-no-such-package")).toBeInstalled();
});
`;
const PY_TESTS = `
import os
def test_os(host):
    assert host.file("/etc/os-release").contains("bookworm")
    assert host.package("bash").is_installed
    assert host.user("root").home == "/root"
def test_env_passed(host):
    assert os.environ["ISOMER_E_MARK"] == "marked"
def test_hostname(host):
    expected = {"local": ${JSON.stringify(hostname())}}
    name = host.backend.get_hostname()
    assert host.check_output("hostname") == expected.get(name, name)
def test_fails(host):
    assert host.package("isomer-no-such-package").is_installed
`;

describe.skipIf(!isRoot)("runVerifier (needs root)", () => {
  let c: TestContainer;
  let instances: InstanceConnection[];
  const ctxFor = (scenario: string, over: Partial<RunVerifierContext> = {}): RunVerifierContext => ({
    scenarioName: scenario, scenarioDir: join(base, "molecule", scenario), projectDir: base, ephemeralDir: join(base, ".ephemeral", scenario),
    inventoryFile: join(base, "inventory.yml"), ansibleCfgFile: join(base, "ansible.cfg"), instances,
    env: {}, options: {}, additionalFilesOrDirs: [], log: () => undefined, ...over,
  });

  beforeAll(async () => {
    c = await startDebianContainer("runner");
    // the container's hostname is the name its tests expect; inventory names it by its id
    const containerVars = { ansible_connection: "isomer", isomer_runtime: c.binary, isomer_root: c.root, isomer_container: c.id };
    instances = [
      { name: c.hostname, connection: "isomer", vars: containerVars, groups: ["debian"] },
      { name: "local", connection: "local", vars: { ansible_connection: "local", ansible_python_interpreter: "/usr/bin/python3" }, groups: ["debian"] },
    ];
    write({
      "molecule/default/tests/host.test.ts": TS_PASSING,
      "molecule/failing/tests/fail.test.ts": TS_FAILING,
      "molecule/default/tests/test_default.py": PY_TESTS,
      "molecule/default/tests/extra/test_extra.py": "def test_extra(host):\n    assert host.file('/etc/passwd').is_file\n",
      "inventory.yml":
        "all:\n  hosts:\n" +
        `    ${c.hostname}:\n${Object.entries({ ...containerVars, ansible_python_interpreter: "/usr/bin/python3" }).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}\n`).join("")}` +
        "    local:\n      ansible_connection: local\n      ansible_python_interpreter: /usr/bin/python3\n",
      "ansible.cfg": `[defaults]\nconnection_plugins = ${join(templatesDir(), "ansible", "connection_plugins")}\nhost_key_checking = False\ninterpreter_python = auto_silent\n`,
    });
    for (const s of ["default", "failing"]) mkdirSync(join(base, ".ephemeral", s), { recursive: true });
  });
  afterAll(async () => {
    await c?.stop();
    rmSync(base, { recursive: true, force: true });
  });

  it("isomer: runs the role's TypeScript tests once per instance with `host` bound to it", async () => {
    const cases: Array<[string, VerifierCase]> = [];
    const result = await runVerifier("isomer", ctxFor("default", {
      env: { ISOMER_E_EXPECTED: JSON.stringify({ [c.hostname]: c.hostname, local: hostname() }) },
      junit: { addCase: (suite, tc) => cases.push([suite, tc]) },
    }));
    expect(result.cases.map((x) => [x.instance, x.name, x.status, x.message])).toEqual([
      [c.hostname, "each run reaches its own instance", "passed", undefined],
      [c.hostname, "checks read the instance", "passed", undefined],
      ["local", "each run reaches its own instance", "passed", undefined],
      ["local", "checks read the instance", "passed", undefined],
    ]);
    expect(result.perTarget).toEqual({ [c.hostname]: true, local: true });
    expect(result.ok).toBe(true);
    expect(cases.map(([suite]) => suite)).toEqual([`verify:default:${c.hostname}`, `verify:default:${c.hostname}`, "verify:default:local", "verify:default:local"]);
  });

  it("isomer: a failing check fails its instance and says what was found", async () => {
    const result = await runVerifier("isomer", ctxFor("failing", { instances: instances.slice(0, 1) }));
    expect(result.ok).toBe(false);
    expect(result.perTarget).toEqual({ [c.hostname]: false });
    expect(result.cases).toHaveLength(1);
    expect(result.cases[0]!.file).toBe("tests/fail.test.ts");
    expect(result.cases[0]!.message).toMatch(
      new RegExp(`^instance \`${c.hostname}\`: expected package \`isomer-no-such-package\` to be installed\\nfound: not installed \\(dpkg-query: no packages found matching isomer-no-such-package\\)\\n  \\$ dpkg-query`),
    );
  });

  it("isomer: verifies the instances concurrently (each one's execs run while the other's test is in flight)", async () => {
    // each instance's test marks itself, then keeps exec'ing in its instance until every instance
    // is marked: run one after another, the first would wait for ever (and fail at testTimeout)
    const barrier = join(base, "barrier");
    mkdirSync(barrier, { recursive: true });
    write({ "molecule/together/tests/together.test.ts": `import { test, expect } from "isomer/verifiers";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
test("every instance is verified at once", async ({ host }) => {
  const names: string[] = JSON.parse(process.env.NAMES!);
  writeFileSync(join(process.env.BARRIER!, host.name), "");
  let execs = 0;
  while (!names.every((name) => existsSync(join(process.env.BARRIER!, name)))) {
    expect((await host.run("sleep 0.1")).exitCode).toBe(0);
    execs++;
  }
  writeFileSync(join(process.env.BARRIER!, host.name + ".execs"), String(execs));
});
` });
    mkdirSync(join(base, ".ephemeral", "together"), { recursive: true });
    const result = await runVerifier("isomer", ctxFor("together", { env: { NAMES: JSON.stringify(instances.map((i) => i.name)), BARRIER: barrier } }));
    expect(result.cases.map((x) => [x.instance, x.status, x.message])).toEqual(instances.map((i) => [i.name, "passed", undefined]));
    expect(result.ok).toBe(true);
  });

  it("isomer: per group runs once with every member in `hosts`", async () => {
    write({ "molecule/group/tests/group.test.ts": `import { test, expect } from "isomer/verifiers";\ntest("group", async ({ host, hosts }) => {\n  expect(hosts.map((h) => h.name)).toEqual(JSON.parse(process.env.NAMES!));\n  expect(host).toBe(hosts[0]);\n});\n` });
    mkdirSync(join(base, ".ephemeral", "group"), { recursive: true });
    const result = await runVerifier("isomer", ctxFor("group", { per: "group", env: { NAMES: JSON.stringify(instances.map((i) => i.name)) } }));
    expect(result.cases.map((x) => [x.instance, x.status])).toEqual([["debian", "passed"]]);
  });

  it("testinfra: pytest-testinfra through the isomer connection, with options, env and additional files", async () => {
    const lines: string[] = [];
    const result = await runVerifier("testinfra", ctxFor("default", {
      env: { ISOMER_E_MARK: "marked" }, options: { v: true }, additionalFilesOrDirs: ["extra/test_*.py"], log: (l) => lines.push(l),
    }));
    const byName = Object.fromEntries(result.cases.map((x) => [x.name, x]));
    for (const inst of [c.hostname, "local"]) {
      for (const t of ["test_os", "test_env_passed", "test_hostname", "test_extra"]) expect(byName[`${t}[ansible://${inst}]`]?.status, `${t} on ${inst}`).toBe("passed");
      expect(byName[`test_fails[ansible://${inst}]`]?.status).toBe("failed");
      expect(byName[`test_fails[ansible://${inst}]`]?.instance).toBe(inst);
    }
    expect(byName[`test_fails[ansible://${c.hostname}]`]?.message).toMatch(/is_installed/);
    expect(result.ok).toBe(false);
    expect(result.perTarget).toEqual({ [c.hostname]: false, local: false });
    expect(lines.join("\n")).toMatch(/PASSED/); // -v was passed through
  });

  it("unknown verifier names and `ansible` are refused with what to do", async () => {
    await expect(runVerifier("goss", ctxFor("default"))).rejects.toThrow(/Expected `verifier.name` to be one of `ansible`, `isomer`, `testinfra`, got `goss`/);
    await expect(runVerifier("ansible", ctxFor("default"))).rejects.toThrow(/runs `verify.yml` with the provisioner/);
  });
});
