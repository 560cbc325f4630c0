// isomer-runtime under concurrent execs (Ansible runs them back to back and in parallel): every exec
// of a bounded batch succeeds, and a `delete --force` racing with execs leaves no cgroup behind.
// Regression for a rare exec failure (exit 1 of the runtime itself) and a cgroup leak. Needs root.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { runtimesUnderTest } from "../../helpers/runtimes.js";
import { RuntimeFixture, leftovers } from "../../helpers/rt-fixture.js";
import { busyboxRootfs } from "../../helpers/busybox.js";

const isRoot = process.getuid?.() === 0;
const isomer = runtimesUnderTest().find((r) => r.name === "isomer-runtime")!;
const sleepForever = ["sleep", "100000"];
const pids: number[] = [];
const WORKERS = 6;
const EXECS_PER_WORKER = 40;

beforeAll(async () => { if (isRoot) await busyboxRootfs(); });

describe.skipIf(!isRoot || isomer.skip !== undefined)("isomer-runtime exec under concurrency (needs root)", () => {
  const fx = new RuntimeFixture(isomer);
  afterAll(async () => {
    await fx.cleanup();
    for (let i = 0; i < 100 && (await leftovers(pids)).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await leftovers(pids)).toEqual([]);
  });

  test(`${WORKERS} parallel loops of ${EXECS_PER_WORKER} execs all succeed`, async () => {
    const c = await fx.container(sleepForever);
    if (c.pid) pids.push(c.pid);
    const failures: string[] = [];
    const worker = async () => {
      for (let i = 0; i < EXECS_PER_WORKER; i++) {
        const r = await fx.client.exec(c.id, ["sh", "-c", "mkdir -p /tmp/x.$$ && echo ok"]);
        if (r.exitCode !== 0 || r.stdout !== "ok\n") failures.push(`exit ${r.exitCode}: ${r.stdout}${r.stderr}`);
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    expect(failures).toEqual([]);
  });

  test("delete --force while execs run leaves no cgroups, and a failed exec names its step", async () => {
    const c = await fx.container(sleepForever);
    if (c.pid) pids.push(c.pid);
    const results = Array.from({ length: WORKERS }, () =>
      fx.client.exec(c.id, ["sh", "-c", "sleep 100"]).catch((e: unknown) => e));
    // let the execs start (they must be in the container for this test to mean anything)
    for (let i = 0; i < 200; i++) {
      const ps = await fx.client.exec(c.id, ["sh", "-c", "ps | grep -c '[s]leep 100$'"]);
      if (Number(ps.stdout.trim()) >= WORKERS) break;
    }
    await fx.client.delete(c.id, { force: true });
    await Promise.all(results);
    const after = await fx.client.exec(c.id, ["true"]);
    expect([after.exitCode, after.stderr]).toEqual([1, `isomer-runtime: exec: container \`${c.id}\` does not exist\n`]);
    expect((await leftovers([])).filter((l) => l.startsWith("cgroup") && l.includes(c.id))).toEqual([]);
  });

  test("an empty cgroup left at the container's path is removed by delete", async () => {
    const { id, bundle } = await fx.bundle(sleepForever);
    // a leftover of an earlier run with the same path, in the pids hierarchy (v1) or unified (v2)
    const hierarchy = ["/sys/fs/cgroup/pids", "/sys/fs/cgroup"].find((d) => {
      try { mkdirSync(join(d, id)); return true; } catch { return false; }
    });
    expect(hierarchy).toBeDefined();
    await fx.client.create(id, bundle.dir);
    await fx.client.delete(id, { force: true });
    expect((await leftovers([])).filter((l) => l.startsWith("cgroup") && l.includes(id))).toEqual([]);
  });
});
