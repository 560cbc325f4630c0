import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { discoverScenarios, globRegExp, selectScenarios } from "../../../src/scenario/discover.js";
import { tmpdir } from "../../helpers/tmpdir.js";

const yml = "driver:\n  name: default\n";
const names = (refs: { name: string }[]) => refs.map((r) => r.name);

function project() {
  return tmpdir({
    "molecule/default/molecule.yml": yml,
    "molecule/web-apache/molecule.yml": yml,
    "molecule/web-nginx/molecule.yml": yml,
    "molecule/db/postgres/molecule.yml": yml,
    "molecule/db/mysql/molecule.yml": yml,
    "molecule/shared/tasks.yml": "[]\n", // not a scenario: no molecule.yml at either depth
  });
}

describe("scenario discovery and selection (Molecule 25/26)", () => {
  it("finds flat and nested scenarios, nested ones named group/name", () => {
    const dir = project();
    const found = discoverScenarios(dir);
    expect(names(found)).toEqual(["db/mysql", "db/postgres", "default", "web-apache", "web-nginx"]);
    expect(found[0]).toMatchObject({ directory: join(dir, "molecule/db/mysql"), configFile: join(dir, "molecule/db/mysql/molecule.yml") });
  });

  it("finds a collection's scenarios under extensions/molecule when there is no molecule/", () => {
    const dir = tmpdir({ "extensions/molecule/integration_web/molecule.yml": yml, "extensions/molecule/utils/playbooks/x.yml": "[]\n" });
    expect(names(discoverScenarios(dir))).toEqual(["integration_web"]);
    expect(names(selectScenarios(dir, { scenarioName: "integration_web" }))).toEqual(["integration_web"]);
  });

  it("selects -s repeated, globs and nested names, minus --exclude, in discovery order", () => {
    const dir = project();
    expect(names(selectScenarios(dir, {}))).toEqual(["default"]);
    expect(names(selectScenarios(dir, { scenarioNames: ["web*"] }))).toEqual(["web-apache", "web-nginx"]);
    expect(names(selectScenarios(dir, { scenarioNames: ["default", "db/*"], exclude: ["db/mysql"] }))).toEqual(["db/postgres", "default"]);
    expect(names(selectScenarios(dir, { all: true, exclude: ["web-*", "default"] }))).toEqual(["db/mysql", "db/postgres"]);
    expect(names(selectScenarios(dir, { scenarioNames: ["web-nginx", "web*"] }))).toEqual(["web-apache", "web-nginx"]);
  });

  it("names the known scenarios when a name or glob matches nothing", () => {
    const dir = project();
    expect(() => selectScenarios(dir, { scenarioNames: ["default", "cache*"] })).toThrow(/^Scenario `cache\*` not found in `\S+molecule`$/);
    expect(() => selectScenarios(dir, { scenarioName: "postgres" })).toThrow(/not found/);
  });

  it("reads shell-style globs as fnmatch does", () => {
    expect(globRegExp("web*").test("web-nginx")).toBe(true);
    expect(globRegExp("web?").test("web1")).toBe(true);
    expect(globRegExp("web?").test("web12")).toBe(false);
    expect(globRegExp("db[12]").test("db2")).toBe(true);
    expect(globRegExp("db[!12]").test("db2")).toBe(false);
    expect(globRegExp("a.b").test("axb")).toBe(false);
    expect(globRegExp("*").test("group/name")).toBe(true);
  });
});

describe("a nested scenario's configuration", () => {
  it("loads under its group/name, with its own ephemeral directory and MOLECULE_SCENARIO_NAME", async () => {
    const { loadConfigs } = await import("../../../src/commands/load.js");
    const dir = tmpdir({ "molecule/db/postgres/molecule.yml": "driver:\n  name: default\nplatforms:\n  - name: pg\n" });
    const [config] = await loadConfigs({ projectDir: dir, scenarioNames: ["db/post*"] });
    expect(config!.scenario.name).toBe("db/postgres");
    expect(config!.scenario.directory).toBe(join(dir, "molecule/db/postgres"));
    expect(config!.ephemeralDir.endsWith(join("db", "postgres"))).toBe(true);
    expect(config!.moleculeEnv.MOLECULE_SCENARIO_NAME).toBe("db/postgres");
  });
});

describe("--exclude mistakes", () => {
  it("an --exclude that matches nothing, or that leaves nothing, is an error naming the known scenarios", () => {
    const M = "driver:\n  name: default\nplatforms:\n  - name: x\n";
    const dir = tmpdir({ "molecule/default/molecule.yml": M, "molecule/web/molecule.yml": M });
    expect(() => selectScenarios(dir, { all: true, exclude: ["wbe"] })).toThrow(/`--exclude wbe` matches no scenario/);
    expect(() => selectScenarios(dir, { all: true, exclude: ["*"] })).toThrow(/leaves no scenario/);
    expect(() => selectScenarios(dir, { scenarioNames: ["web"], exclude: ["web"] })).toThrow(/leaves no scenario/);
    expect(selectScenarios(dir, { all: true, exclude: ["w*"] }).map((s) => s.name)).toEqual(["default"]);
  });
});
