// The kill -9 campaign's parts (test/e2e/kill9.test.ts, bench/kill/): kill points chosen by a
// seeded generator, `isomer test` on the small systemd scenario (test/fixtures/systemd-small)
// killed with SIGKILL at one of them, and what one run may have left on the host afterwards.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { ResultPromise } from "execa";
import { LOCK_FILE } from "../../src/scenario/lock.js";
import { packageRoot } from "../../src/util/paths.js";
import { isomer, recordedResources } from "../e2e/cli.js";
import { scenarioLeftovers } from "./leftovers.js";
import type { SeededRandom } from "./seeded-random.js";

// The scenario the campaign runs: one systemd instance from a warm image, one task per playbook.
export const KILL_ROLE = join(packageRoot(), "test", "fixtures", "systemd-small");
export const KILL_INSTANCES = ["sd1"];

// The stages inside which a kill lands at a random moment; `destroy` is the sequence's last one.
export const INSIDE_STAGES = ["create", "prepare", "converge", "idempotence", "verify", "destroy"] as const;

// Where to kill: when the `occurrence`-th start of `stage` is printed (a boundary), or `fraction`
// of that stage's calibrated duration later (inside it).
export interface KillPoint {
  at: "boundary" | "inside";
  stage: string;
  occurrence: number;
  fraction: number; // 0 for a boundary
}

// `count` kill points: every stage boundary of `sequence` first (a random subset when count is
// smaller), the rest inside a random stage of INSIDE_STAGES at a random fraction of it.
export function planKillPoints(count: number, sequence: readonly string[], random: SeededRandom): KillPoint[] {
  const boundaries: KillPoint[] = sequence.map((stage, i) => ({
    at: "boundary", stage, occurrence: sequence.slice(0, i + 1).filter((s) => s === stage).length, fraction: 0,
  }));
  const points = count >= boundaries.length ? boundaries : random.shuffle(boundaries).slice(0, count);
  while (points.length < count) {
    const stage = random.pick(INSIDE_STAGES);
    points.push({ at: "inside", stage, occurrence: sequence.filter((s) => s === stage).length, fraction: random.next() });
  }
  return points;
}

export const describePoint = (p: KillPoint) =>
  p.at === "boundary" ? `at the start of ${p.stage}#${p.occurrence}` : `${(p.fraction * 100).toFixed(0)}% into ${p.stage}#${p.occurrence}`;

// The stages `isomer test` prints as it starts them, in order; waits for the n-th start of one.
export class StageWatcher {
  text = "";
  readonly started: string[] = [];
  private waiters: Array<() => void> = [];

  constructor(child: ResultPromise<{ all: true }>) {
    let partial = "";
    child.all?.on("data", (chunk: Buffer) => {
      this.text += chunk.toString();
      const lines = (partial + chunk.toString()).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        const m = /➜ (\w+): starting/.exec(line);
        if (m) this.started.push(m[1]!);
      }
      this.wake();
    });
    child.finally(() => this.wake()).catch(() => undefined);
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  count(stage: string): number {
    return this.started.filter((s) => s === stage).length;
  }

  // The key (`stage#n`) of the stage started last, `before-start` when none has.
  last(): string {
    const stage = this.started.at(-1);
    return stage ? `${stage}#${this.count(stage)}` : "before-start";
  }

  // True once the `occurrence`-th start of `stage` was printed; false when isomer ended before.
  async reached(stage: string, occurrence: number, exited: () => boolean): Promise<boolean> {
    while (this.count(stage) < occurrence) {
      if (exited()) return false;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return true;
  }
}

// Stage durations of a finished run's summary table (`stage#n` -> seconds), to place inside kills.
export function stageDurations(output: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of output.matchAll(/➜ (\w+): (?:ok|skipped|failed) \(([\d.]+)s\)/g)) {
    let n = 1;
    while (out.has(`${m[1]}#${n}`)) n++;
    out.set(`${m[1]}#${n}`, Number(m[2]));
  }
  return out;
}

// What one kill did: whether SIGKILL reached a running isomer, and the stage it landed in.
export interface KillOutcome {
  killed: boolean;
  landed: string;
  exitCode?: number;
  exitSignal?: string;
  output: string;
}

// `isomer test` in `role` with `env`, SIGKILLed (the process alone, as a user's kill -9: its
// ansible-playbook, in a group of its own, is left running) at `point`.
export async function killTestAt(role: string, env: NodeJS.ProcessEnv, point: KillPoint, durations: Map<string, number>): Promise<KillOutcome> {
  const child = isomer(role, ["test"], env, true);
  let exited = false;
  child.finally(() => (exited = true)).catch(() => undefined);
  const watcher = new StageWatcher(child);
  if (await watcher.reached(point.stage, point.occurrence, () => exited)) {
    const seconds = durations.get(`${point.stage}#${point.occurrence}`) ?? 1;
    if (point.fraction > 0) await sleep(Math.round(point.fraction * seconds * 1000));
  }
  let killed = false;
  const landed = watcher.last();
  if (!exited) {
    try {
      process.kill(child.pid!, "SIGKILL");
      killed = true;
    } catch {
      // it ended between the check and the signal
    }
  }
  const result = await child;
  return { killed: killed && result.signal === "SIGKILL", landed, exitCode: result.exitCode, exitSignal: result.signal, output: result.all ?? watcher.text };
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

// Processes whose command line or environment names one of `needles` (this process excepted):
// ansible-playbook and its executor, the runtime and shim, the package cache of one run.
export function processesNaming(needles: string[]): string[] {
  const out: string[] = [];
  for (const pid of entries("/proc").filter((e) => /^\d+$/.test(e) && Number(e) !== process.pid)) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
      const environ = readFileSync(`/proc/${pid}/environ`, "utf8");
      if (needles.some((n) => args.includes(n) || environ.includes(n))) out.push(`process ${pid}: ${args}`);
    } catch {
      // gone meanwhile, or a kernel thread
    }
  }
  return out;
}

// One isomer run's identity: its container prefix, ephemeral dir and package cache dir.
export interface CampaignRun {
  prefix: string;
  ephemeralDir: string;
  packageCacheDir: string;
}

// Everything `run` left on the host: the inventory's objects named after it (mounts, cgroups in
// every hierarchy, links, netns, iptables rules, runtime state, bundles), resources still in its
// state.yml, its scenario lock, package-cache leases, and any process naming it.
export async function campaignLeftovers(run: CampaignRun): Promise<string[]> {
  const out = await scenarioLeftovers({ prefix: run.prefix, ephemeralDir: run.ephemeralDir, instances: KILL_INSTANCES });
  const resources = recordedResources(run.ephemeralDir);
  if (resources.length) out.push(`state.yml resources ${JSON.stringify(resources)}`);
  if (existsSync(join(run.ephemeralDir, LOCK_FILE))) out.push(`lock ${join(run.ephemeralDir, LOCK_FILE)}`);
  for (const lease of entries(join(run.packageCacheDir, "leases"))) out.push(`package-lease ${lease}`);
  out.push(...processesNaming([run.ephemeralDir, run.packageCacheDir]));
  return out;
}

// The first process for which `match(comm, argv)` holds, polled from /proc until `gone()` says to
// stop (then undefined): how a test catches isomer-runtime's create or the shim in the act.
export async function waitForProcess(match: (comm: string, args: string[]) => boolean, gone: () => boolean): Promise<number | undefined> {
  while (!gone()) {
    for (const pid of entries("/proc").filter((e) => /^\d+$/.test(e))) {
      try {
        const comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
        if (match(comm, readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean))) return Number(pid);
      } catch {
        // gone meanwhile
      }
    }
    await sleep(1);
  }
  return undefined;
}
