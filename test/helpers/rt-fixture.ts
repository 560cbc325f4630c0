// Containers for runtime tests: a bundle over the busybox rootfs per test, ids prefixed
// `isomer-test-rt-`, cgroups at `/<id>` (so the runtime's delete removes them: nothing of a parent
// remains), a state root per runtime under /run/isomer-test-rt/. `cleanup()` removes everything.
import { existsSync, readFileSync, rmdirSync } from "node:fs";
import { join } from "node:path";
import { buildSpec, createBundle, removeBundle, RuntimeClient, type SpecOptions, type Bundle } from "../../src/runtime/index.js";
import { busyboxRootfs } from "./busybox.js";
import { leftoversMatching, RUNTIME_TEST_STATE_BASE } from "./leftovers.js";
import type { RuntimeUnderTest } from "./runtimes.js";

// Every test resource carries this prefix.
export const RT_PREFIX = "isomer-test-rt-";
// State roots of the tests live under here (one per runtime; the inventory looks there too).
export const RT_STATE_BASE = RUNTIME_TEST_STATE_BASE;

// One container made by a test.
export interface TestContainer {
  id: string;
  bundle: Bundle;
  pid?: number;
}

// Creates containers on one runtime and removes them again.
export class RuntimeFixture {
  readonly client: RuntimeClient;
  private readonly made: string[] = [];
  private seq = 0;

  constructor(readonly rt: RuntimeUnderTest) {
    this.client = new RuntimeClient({ binary: rt.binary, root: join(RT_STATE_BASE, rt.name) });
  }

  // A bundle (not yet created on the runtime) for a busybox container running `args`.
  async bundle(args: string[], spec: Partial<SpecOptions> = {}): Promise<TestContainer> {
    const id = `${RT_PREFIX}${this.rt.name.replace("isomer-runtime", "isomer")}-${process.pid}-${++this.seq}`;
    this.made.push(id);
    const hostname = spec.hostname ?? "rt-box";
    const bundle = await createBundle(id, {
      spec: buildSpec({ args, hostname, cgroupsPath: `/${id}`, ...spec }),
      layers: [await busyboxRootfs()],
      etc: { hostname },
    });
    return { id, bundle };
  }

  // Bundle + create (+ start unless `start: false`) a busybox container running `args`.
  async container(args: string[], spec: Partial<SpecOptions> = {}, o: { start?: boolean } = {}): Promise<TestContainer> {
    const { id, bundle } = await this.bundle(args, spec);
    await this.client.create(id, bundle.dir);
    const state = await this.client.state(id);
    if (o.start !== false) await this.client.start(id);
    return { id, bundle, pid: state?.pid };
  }

  // Force-delete every container this fixture made and remove their bundles.
  async cleanup(): Promise<void> {
    for (const id of this.made.splice(0)) {
      if (await this.client.state(id).catch(() => undefined)) await this.client.delete(id, { force: true }).catch(() => undefined);
      await removeBundle(id);
    }
    try { rmdirSync(this.client.root); } catch { /* not empty (another test process) or gone */ }
  }
}

// What this test process left behind on the host, from the one inventory (test/helpers/leftovers.ts):
// its objects (ids carry `-<pid>-`, so tests running at the same time are not counted) and the live
// processes of `pids`.
export async function leftovers(pids: number[]): Promise<string[]> {
  const mine = `-${process.pid}-`;
  const objects = (await leftoversMatching(RT_PREFIX)).filter((line) => line.includes(mine));
  const alive = pids.filter((pid) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z "));
  return [...objects, ...alive.map((pid) => `process ${pid}`)];
}
