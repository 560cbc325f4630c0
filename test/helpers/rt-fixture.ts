// Containers for runtime tests: a bundle over the busybox rootfs per test, ids prefixed
// `isomer-test-rt-`, cgroups at `/<id>` (so the runtime's delete removes them: nothing of a parent
// remains), a state root per runtime under /run/isomer-test-rt/. `cleanup()` removes everything.
import { existsSync, readFileSync, readdirSync, rmdirSync } from "node:fs";
import { join } from "node:path";
import { buildSpec, createBundle, removeBundle, RuntimeClient, type SpecOptions, type Bundle } from "../../src/runtime/index.js";
import { busyboxRootfs } from "./busybox.js";
import { containersDir } from "../../src/util/paths.js";
import type { RuntimeUnderTest } from "./runtimes.js";

// Every test resource carries this prefix.
export const RT_PREFIX = "isomer-test-rt-";
// State roots of the tests live under here.
export const RT_STATE_BASE = "/run/isomer-test-rt";

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

// What this test process left behind on the host (ids carry `-<pid>-`, so tests running at the same
// time are not counted): mounts, cgroups, state dirs, bundles, live processes of `pids`.
export function leftovers(pids: number[]): string[] {
  const found: string[] = [];
  for (const line of readFileSync("/proc/self/mountinfo", "utf8").split("\n")) {
    if (line.includes(RT_PREFIX) && line.includes(`-${process.pid}-`)) found.push(`mount ${line.split(" ")[4]}`);
  }
  for (const hierarchy of existsSync("/sys/fs/cgroup") ? readdirSync("/sys/fs/cgroup") : []) {
    const dir = join("/sys/fs/cgroup", hierarchy);
    // pure v2: the entries of /sys/fs/cgroup are cgroups themselves, not hierarchies
    if (hierarchy.startsWith(RT_PREFIX) && hierarchy.includes(`-${process.pid}-`)) found.push(`cgroup ${dir}`);
    try {
      for (const name of readdirSync(dir)) if (name.startsWith(RT_PREFIX) && name.includes(`-${process.pid}-`)) found.push(`cgroup ${join(dir, name)}`);
    } catch { /* not a directory */ }
  }
  if (existsSync(RT_STATE_BASE)) {
    for (const rt of readdirSync(RT_STATE_BASE)) {
      for (const id of readdirSync(join(RT_STATE_BASE, rt))) if (id.includes(`-${process.pid}-`)) found.push(`state ${rt}/${id}`);
    }
  }
  const bundles = containersDir();
  for (const id of existsSync(bundles) ? readdirSync(bundles) : []) if (id.startsWith(RT_PREFIX) && id.includes(`-${process.pid}-`)) found.push(`bundle ${id}`);
  for (const pid of pids) if (existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ")) found.push(`process ${pid}`);
  return found;
}
