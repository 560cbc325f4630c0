import { describe, it, expect } from "vitest";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { StateStore, defaultState } from "../../../src/scenario/state.js";
import { tmpdir } from "../../helpers/tmpdir.js";

describe("state.yml", () => {
  it("starts from Molecule's defaults when no file exists", () => {
    const store = new StateStore(tmpdir());
    expect(store.get()).toEqual(defaultState());
    expect(store.exists()).toBe(false);
  });

  it("writes Molecule's fields plus isomer resources and reads them back", async () => {
    const dir = tmpdir();
    const store = new StateStore(dir);
    await store.recordResource({ driver: "isomer", kind: "container", id: "isomer-test-engine-a", instance: "a" });
    await store.update({ created: true, driver: "isomer" });
    const onDisk = parse(readFileSync(join(dir, "state.yml"), "utf8"));
    expect(onDisk).toMatchObject({ converged: false, created: true, driver: "isomer", prepared: null, is_parallel: false, run_uuid: null, molecule_yml_date_modified: null });
    expect(onDisk.isomer.resources).toEqual([{ driver: "isomer", kind: "container", id: "isomer-test-engine-a", instance: "a" }]);
    expect(new StateStore(dir).get().created).toBe(true);
  });

  it("keeps recorded resources through reset until a driver forgets them", async () => {
    const store = new StateStore(tmpdir());
    await store.recordResource({ driver: "x", kind: "mount", id: "/m" });
    await store.update({ created: true, converged: true });
    await store.reset();
    expect(store.get()).toMatchObject({ created: false, converged: false });
    expect(store.resources()).toHaveLength(1);
    await store.forgetResources((r) => r.id === "/m");
    expect(new StateStore(store.dir).resources()).toEqual([]);
  });

  it("drops unknown keys and defaults missing ones from a hand-edited file", () => {
    const dir = tmpdir();
    writeFileSync(join(dir, "state.yml"), "created: true\nsomething_else: 1\n");
    const state = new StateStore(dir).get();
    expect(state.created).toBe(true);
    expect(state).not.toHaveProperty("something_else");
    expect(state.isomer.resources).toEqual([]);
  });

  it("leaves no temporary files behind after many writes", async () => {
    const dir = tmpdir();
    const store = new StateStore(dir);
    for (let i = 0; i < 50; i++) await store.update({ converged: i % 2 === 0 });
    expect(readdirSync(dir)).toEqual(["state.yml"]);
  });
});
