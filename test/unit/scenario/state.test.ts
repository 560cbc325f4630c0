import { describe, it, expect } from "vitest";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { parse } from "yaml";
import { StateStore, defaultState } from "../../../src/scenario/state.js";
import { atomicWriteFile } from "../../../src/scenario/atomic.js";
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

  it("never shows a torn file to a reader in another process while it is rewritten", async () => {
    const dir = tmpdir();
    const file = join(dir, "state.yml");
    atomicWriteFile(file, "n: 0\npad: " + "x".repeat(20000) + "\n");
    const reader = execa("node", ["-e", `
      const fs = require("fs"); let bad = 0, reads = 0; const end = Date.now() + 1500;
      while (Date.now() < end) { const t = fs.readFileSync(${JSON.stringify(file)}, "utf8"); reads++;
        if (!t.endsWith("\\n") || !t.startsWith("n: ")) bad++; }
      console.log(JSON.stringify({ bad, reads }));`]);
    let writes = 0;
    while (reader.exitCode === null && writes < 100000) {
      atomicWriteFile(file, `n: ${++writes}\npad: ${"y".repeat(20000 + (writes % 7) * 1000)}\n`);
      await new Promise((r) => setImmediate(r));
    }
    const { stdout } = await reader;
    const result = JSON.parse(stdout) as { bad: number; reads: number };
    expect(result.reads).toBeGreaterThan(0);
    expect(writes).toBeGreaterThan(0);
    expect(result.bad).toBe(0);
  });
});
