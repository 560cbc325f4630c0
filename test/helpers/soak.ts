// The soak (test/integration/runtime/soak.test.ts, bench/soak/): create -> start -> exec -> delete cycles of one
// kind of instance on isomer-runtime through the RuntimeClient, sampling every N cycles what is left
// (the leftovers inventory, by this process's id prefix), the open fds and RSS of the cycle's shim
// and of a witness container's shim that lives through the whole soak and gets one exec per cycle
// (growth shows there), and this process's own open fds (the client side).
import { readdirSync, readFileSync } from "node:fs";
import { buildSpec, createBundle, removeBundle, RuntimeClient } from "../../src/runtime/index.js";
import { ensureImageOrRecipe } from "../../src/build/recipe.js";
import { busyboxRootfs } from "./busybox.js";
import { leftoversMatching } from "./leftovers.js";

// One kind of instance: its layers, its PID 1, and an exec whose output proves it runs.
export interface SoakKind {
  name: "systemd" | "plain";
  layers: string[];
  args: string[];
  systemd: boolean;
  probe: string[];
  expected: string;
}

// The image the systemd instances run (systemd + python3; built from isomer's recipe when missing).
export const SOAK_SYSTEMD_IMAGE = "geerlingguy/docker-debian12-ansible:latest";

const WAIT_FOR_SYSTEMD = 'for i in $(seq 200); do [ "$(cat /proc/1/comm)" = systemd ] && break; sleep 0.05; done; cat /proc/1/comm';

export async function soakKinds(): Promise<Record<SoakKind["name"], SoakKind>> {
  const image = await ensureImageOrRecipe(SOAK_SYSTEMD_IMAGE);
  return {
    // `start` returns once init is released, before it has exec'd systemd: PID 1 may still be named
    // isomer-shim for a moment (5 of 1,000 cycles saw that), so the probe waits for the exec
    systemd: { name: "systemd", layers: image.layers, args: ["/lib/systemd/systemd"], systemd: true, probe: ["sh", "-c", WAIT_FOR_SYSTEMD], expected: "systemd\n" },
    plain: { name: "plain", layers: [await busyboxRootfs()], args: ["sleep", "100000"], systemd: false, probe: ["echo", "ok"], expected: "ok\n" },
  };
}

// What one sample saw after `cycle` cycles.
export interface SoakSample {
  cycle: number;
  shimFds: number;
  shimRssKiB: number;
  witnessFds: number;
  witnessRssKiB: number;
  ownFds: number;
  leftovers: string[];
}

// The id prefix of this process's soak containers (the leftovers check matches on it).
export const soakPrefix = (kind: string) => `isomer-test-soak-${process.pid}-${kind}-`;

const fdCount = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
const rssKiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);
const parentOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
};

async function createInstance(client: RuntimeClient, kind: SoakKind, id: string): Promise<number> {
  const bundle = await createBundle(id, {
    spec: buildSpec({ args: kind.args, hostname: "soak", cgroupsPath: `/${id}`, systemd: kind.systemd ? { name: "soak" } : undefined }),
    layers: kind.layers,
    etc: { hostname: "soak" },
  });
  await client.create(id, bundle.dir);
  await client.start(id);
  return parentOf((await client.state(id))!.pid); // the shim
}

async function removeInstance(client: RuntimeClient, id: string, failures: string[], what: string): Promise<void> {
  await client.delete(id, { force: true }).catch((e: Error) => failures.push(`${what}: delete: ${e.message}`));
  await removeBundle(id).catch((e: Error) => failures.push(`${what}: remove bundle: ${e.message}`));
}

async function probe(client: RuntimeClient, kind: SoakKind, id: string, failures: string[], what: string): Promise<void> {
  const r = await client.exec(id, kind.probe);
  if (r.exitCode !== 0 || r.stdout !== kind.expected) failures.push(`${what}: exec exit ${r.exitCode}: ${r.stdout}${r.stderr}`);
}

// Runs `cycles` cycles of `kind` on `client`, calling `onSample` every `every` cycles (and after the
// last); a cycle whose exec does not print the expected output is a failure (returned, not thrown,
// so that the figures of a long run survive one bad cycle).
export async function soak(client: RuntimeClient, kind: SoakKind, cycles: number, every: number, onSample: (s: SoakSample) => void): Promise<{ samples: SoakSample[]; failures: string[] }> {
  const samples: SoakSample[] = [];
  const failures: string[] = [];
  const prefix = soakPrefix(kind.name);
  const witness = `${prefix}witness`;
  try {
    const witnessShim = await createInstance(client, kind, witness);
    for (let cycle = 1; cycle <= cycles; cycle++) {
      const id = `${prefix}${cycle}`;
      const sampling = cycle % every === 0 || cycle === cycles;
      let shim: { fds: number; rss: number } | undefined;
      try {
        const shimPid = await createInstance(client, kind, id);
        await probe(client, kind, id, failures, `cycle ${cycle}`);
        await probe(client, kind, witness, failures, `cycle ${cycle} (witness)`);
        if (sampling) shim = { fds: fdCount(shimPid), rss: rssKiB(shimPid) };
      } catch (e) {
        failures.push(`cycle ${cycle}: ${(e as Error).message}`);
      } finally {
        await removeInstance(client, id, failures, `cycle ${cycle}`);
      }
      if (sampling) {
        const left = (await leftoversMatching(prefix)).filter((line) => !line.includes(witness));
        const sample = { cycle, shimFds: shim?.fds ?? NaN, shimRssKiB: shim?.rss ?? NaN, witnessFds: fdCount(witnessShim), witnessRssKiB: rssKiB(witnessShim), ownFds: fdCount(process.pid), leftovers: left };
        samples.push(sample);
        onSample(sample);
      }
    }
  } catch (e) {
    failures.push(`witness: ${(e as Error).message}`);
  } finally {
    await removeInstance(client, witness, failures, "witness");
  }
  const left = await leftoversMatching(prefix);
  if (left.length && samples.length) samples.at(-1)!.leftovers.push(...left.filter((l) => !samples.at(-1)!.leftovers.includes(l)));
  return { samples, failures };
}

export const formatSample = (kind: string, s: SoakSample) =>
  `soak ${kind}: cycle ${s.cycle}: shim ${s.shimFds} fds, ${s.shimRssKiB} KiB RSS; witness shim ${s.witnessFds} fds, ${s.witnessRssKiB} KiB RSS; client ${s.ownFds} fds; ${s.leftovers.length} leftovers${s.leftovers.length ? ": " + s.leftovers.join(", ") : ""}`;
