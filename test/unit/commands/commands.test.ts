// list, matrix, reset, drivers and init on real projects (no Ansible needed).
import { describe, it, expect, vi, afterEach, beforeEach } from "vitest";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { execa } from "execa";
import { LOCK_FILE } from "../../../src/scenario/lock.js";
import { join } from "node:path";
import { parse } from "yaml";
import { listRows, renderList, list } from "../../../src/commands/list.js";
import { matrixOf } from "../../../src/commands/matrix.js";
import { reset } from "../../../src/commands/reset.js";
import { drivers } from "../../../src/commands/drivers.js";
import { login } from "../../../src/commands/login.js";
import { sequenceCommand } from "../../../src/commands/sequence.js";
import { ConsoleReporter } from "../../../src/reporter/console.js";
import { initRole, initScenario } from "../../../src/commands/init.js";
import { StateStore } from "../../../src/scenario/state.js";
import { defaultEphemeralDir } from "../../../src/config/molecule-env.js";
import { tmpdir } from "../../helpers/tmpdir.js";

const MOLECULE = "driver:\n  name: default\nplatforms:\n  - name: one\n";

let home: string;
beforeEach(() => {
  home = tmpdir();
  vi.stubEnv("HOME", home);
  vi.stubEnv("XDG_CACHE_HOME", join(home, "cache"));
  vi.stubEnv("MOLECULE_EPHEMERAL_DIRECTORY", undefined);
});
afterEach(() => vi.unstubAllEnvs());

function project() {
  return tmpdir({ "molecule/default/molecule.yml": MOLECULE, "molecule/second/molecule.yml": MOLECULE + "  - name: two\n" });
}

describe("commands", () => {
  it("lists every scenario's instances with created/converged from state.yml", async () => {
    const dir = project();
    await new StateStore(defaultEphemeralDir(dir, "second")).update({ created: true });
    const rows = await listRows({ projectDir: dir });
    expect(rows).toEqual([
      { instance: "one", driver: "default", provisioner: "ansible", scenario: "default", created: false, converged: false },
      { instance: "one", driver: "default", provisioner: "ansible", scenario: "second", created: true, converged: false },
      { instance: "two", driver: "default", provisioner: "ansible", scenario: "second", created: true, converged: false },
    ]);
    expect(renderList(rows, "table").split("\n")[0]).toBe("INSTANCE  DRIVER   PROVISIONER  SCENARIO  CREATED  CONVERGED");
    expect(renderList(rows, "plain").split("\n")[2]).toBe("two  default  ansible  second  true  false");
    expect(parse(renderList(rows, "yaml"))).toEqual(rows);
    const out: string[] = [];
    await list({ projectDir: dir, scenarioName: "default", all: false, format: "json", write: (t) => void out.push(t) });
    expect(JSON.parse(out.join(""))).toHaveLength(1);
    await expect(list({ projectDir: dir, format: "xml" })).rejects.toThrow("Unknown list format `xml`");
  });

  it("under shared state lists a scenario with the default scenario's instances and their state", async () => {
    const dir = project();
    const [owner, second] = [new StateStore(defaultEphemeralDir(dir, "default")), new StateStore(defaultEphemeralDir(dir, "second"))];
    await owner.update({ created: true });
    await owner.setInstances("life-1");
    await second.update({ converged: true });
    await second.setInstances("life-1");
    const row = { instance: "one", driver: "default", provisioner: "ansible", created: true };
    expect(await listRows({ projectDir: dir, sharedState: true })).toEqual([{ ...row, scenario: "default", converged: false }, { ...row, scenario: "second", converged: true }]);
    await owner.setInstances("life-2"); // created again since: second converged on instances now gone
    expect((await listRows({ projectDir: dir, scenarioName: "second", sharedState: true }))[0]).toMatchObject({ scenario: "second", created: true, converged: false });
    await expect(login({ projectDir: dir, scenarioName: "second", sharedState: true })).rejects.toThrow("The instance has no address to log in"); // the default scenario's `one`, created
  });

  it("shows the matrix of a subcommand per scenario", async () => {
    const dir = project();
    expect(await matrixOf("converge", { projectDir: dir, all: true })).toEqual({ default: ["dependency", "create", "prepare", "converge"], second: ["dependency", "create", "prepare", "converge"] });
    expect(await matrixOf("side-effect", { projectDir: dir })).toEqual({ default: ["side_effect"] });
    await expect(matrixOf("explode", { projectDir: dir })).rejects.toThrow("Unknown subcommand `explode` for `isomer matrix`");
  });

  it("names the known scenarios when -s names a missing one", async () => {
    await expect(matrixOf("test", { projectDir: project(), scenarioName: "nope" })).rejects.toThrow(/Scenario `nope` not found/);
  });

  it("resets only scenarios without created instances unless --force", async () => {
    const dir = project();
    const eph = defaultEphemeralDir(dir, "default");
    await new StateStore(eph).update({ created: true });
    await expect(reset({ projectDir: dir, write: () => {} })).rejects.toThrow("still has created instances");
    expect(existsSync(join(eph, "state.yml"))).toBe(true);
    await reset({ projectDir: dir, force: true, write: () => {} });
    expect(existsSync(eph)).toBe(false);
  });

  it("reset --all forgets every scenario's directory, and refuses only the one with created instances", async () => {
    const dir = project();
    const [one, two] = [defaultEphemeralDir(dir, "default"), defaultEphemeralDir(dir, "second")];
    await new StateStore(one).update({ converged: false });
    await new StateStore(two).update({ created: true });
    const out: string[] = [];
    await expect(reset({ projectDir: dir, all: true, write: (t) => void out.push(t) })).rejects.toThrow("Scenario `second` still has created instances");
    expect(existsSync(one)).toBe(false);
    expect(existsSync(two)).toBe(true);
    await reset({ projectDir: dir, all: true, force: true, write: (t) => void out.push(t) });
    expect(existsSync(two)).toBe(false);
    expect(out.join("")).toMatch(/default: removed[\s\S]*second: removed/);
  });

  it("lists drivers", async () => {
    const out: string[] = [];
    await drivers({ format: "json", write: (t) => void out.push(t) });
    expect(JSON.parse(out.join(""))).toEqual(expect.arrayContaining(["default", "delegated"]));
  });

  it("initialises a role with a default scenario and a delegated scenario with create/destroy", async () => {
    const dir = tmpdir();
    await initRole("acme.web", { projectDir: dir, write: () => {} });
    const role = join(dir, "web");
    expect(parse(readFileSync(join(role, "meta/main.yml"), "utf8")).galaxy_info).toMatchObject({ role_name: "web", namespace: "acme" });
    expect(parse(readFileSync(join(role, "molecule/default/molecule.yml"), "utf8")).driver.name).toBe("isomer");
    expect(readFileSync(join(role, "molecule/default/converge.yml"), "utf8")).toContain('name: "acme.web"');
    const files = await initScenario("remote", { projectDir: role, driverName: "default", write: () => {} });
    expect(files.map((f) => f.slice(role.length + 1)).sort()).toEqual(["molecule/remote/converge.yml", "molecule/remote/create.yml", "molecule/remote/destroy.yml", "molecule/remote/molecule.yml", "molecule/remote/verify.yml"]);
    expect(parse(readFileSync(join(role, "molecule/remote/molecule.yml"), "utf8")).driver.name).toBe("default");
    await expect(initScenario("remote", { projectDir: role, write: () => {} })).rejects.toThrow("Scenario `remote` already exists");
    await expect(initRole("Bad-Name", { projectDir: dir })).rejects.toThrow("Role name `Bad-Name` is not valid");
  });

  it("refuses --parallel with --destroy never before touching anything", async () => {
    const dir = project();
    await expect(sequenceCommand("test", { projectDir: dir, parallel: true, destroy: "never" })).rejects.toThrow("`--parallel` cannot be combined with `--destroy never`");
    expect(existsSync(join(home, "cache"))).toBe(false);
  });

  it("honours MOLECULE_EPHEMERAL_DIRECTORY for state", async () => {
    const dir = project();
    const eph = join(home, "eph");
    vi.stubEnv("MOLECULE_EPHEMERAL_DIRECTORY", eph);
    await sequenceCommand("create", { projectDir: dir, reporter: new ConsoleReporter({ color: false, write: () => {} }) });
    expect(StateStore.read(join(eph, "state.yml")).created).toBe(true);
  });

  it("login needs a created instance and, with several, --host naming one", async () => {
    const dir = project();
    await expect(login({ projectDir: dir })).rejects.toThrow("Instances of scenario `default` are not created");
    await expect(login({ projectDir: dir, scenarioName: "second" })).rejects.toThrow("Several instances: say which one with `--host NAME`");
    await expect(login({ projectDir: dir, host: "zzz" })).rejects.toThrow("Instance `zzz` is not in scenario `default`");
  });

  it("login refuses (exit 3) while another isomer process destroys the scenario, not while it converges", async () => {
    const dir = project();
    const eph = join(home, "eph-login");
    vi.stubEnv("MOLECULE_EPHEMERAL_DIRECTORY", eph);
    await new StateStore(eph).update({ created: true });
    const other = execa("sleep", ["30"]); // stands for the other isomer process
    try {
      writeFileSync(join(eph, LOCK_FILE), `${other.pid}\ndestroy\n`);
      const error = await login({ projectDir: dir }).catch((e: unknown) => e);
      expect(error).toMatchObject({ exitCode: 3, message: `Scenario \`default\` is being destroyed by isomer process \`${other.pid}\`` });
      writeFileSync(join(eph, LOCK_FILE), `${other.pid}\nconverge\n`);
      await expect(login({ projectDir: dir })).rejects.toThrow("The instance has no address to log in"); // got past the lock, to the driver
    } finally {
      other.kill();
      await other.catch(() => {});
    }
  });
});
