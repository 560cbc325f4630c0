// The kill -9 campaign: `isomer test` of a one-instance systemd scenario (test/fixtures/systemd-small)
// SIGKILLed, as a user's kill -9 would, at every stage boundary and at random points inside create,
// prepare, converge, idempotence, verify and destroy; after each kill `isomer destroy` must leave the
// host exactly as before (campaignLeftovers: mounts, cgroups in every hierarchy, links, netns,
// iptables rules, runtime state, bundles, state.yml, the scenario lock, package-cache leases,
// processes), and every 10th kill and at the end a whole `isomer test` must pass. Then SIGKILL of
// isomer-runtime's create process and of the shim while an instance is being created.
// ISOMER_KILL_POINTS (default 30) sets the number of kill points, ISOMER_KILL_SEED replays a
// campaign (the seed is printed); bench/kill/ runs a bigger one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { countFrom, seededRandom, seedFrom } from "../helpers/seeded-random.js";
import {
  campaignLeftovers, describePoint, KILL_ROLE, killTestAt, planKillPoints, stageDurations, waitForProcess, type CampaignRun,
} from "../helpers/kill-campaign.js";
import { cliEnv, e2eSkipReason, isomer } from "./cli.js";

const skip = e2eSkipReason();
const SEQUENCE = ["dependency", "cleanup", "destroy", "syntax", "create", "prepare", "converge", "idempotence", "side_effect", "verify", "cleanup", "destroy"];
const seed = seedFrom("ISOMER_KILL_SEED");
const count = countFrom("ISOMER_KILL_POINTS", 30);
const random = seededRandom(seed);
const points = planKillPoints(count, SEQUENCE, random);
const scratch = join(tmpdir(), `isomer-test-kill9-${process.pid}`); // made in beforeAll: a skipped suite runs no afterAll

// One scenario instance for the whole campaign, as a user re-running isomer in one role directory.
const run: CampaignRun = { prefix: "isomer-test-kill9", ephemeralDir: join(scratch, "ephemeral"), packageCacheDir: join(scratch, "package-cache") };
const env = cliEnv(run.prefix, run.ephemeralDir, { ISOMER_PACKAGE_CACHE_DIR: run.packageCacheDir });
const replay = `ISOMER_KILL_SEED=${seed} ISOMER_KILL_POINTS=${count}`;

// Figures of the campaign, printed at the end (bench/kill/ reads the last line).
const tally = { tried: 0, killed: 0, leftovers: 0, landed: new Map<string, number>(), fullRuns: 0 };

async function expectFullTestPasses(): Promise<string> {
  const result = await isomer(KILL_ROLE, ["test"], env);
  expect(result.exitCode, `${replay}\n${result.all}`).toBe(0);
  expect(await campaignLeftovers(run)).toEqual([]);
  tally.fullRuns++;
  return result.all;
}

async function expectDestroyCleansUp(context: string): Promise<void> {
  const destroy = await isomer(KILL_ROLE, ["destroy"], env);
  expect(destroy.exitCode, `${context}\n${destroy.all}`).toBe(0);
  const left = await campaignLeftovers(run);
  tally.leftovers += left.length;
  expect(left, `${context}: left after isomer destroy`).toEqual([]);
}

describe.skipIf(skip !== undefined)("kill -9 campaign on a systemd scenario", () => {
  let durations = new Map<string, number>();

  beforeAll(async () => {
    mkdirSync(scratch, { recursive: true });
    console.log(`kill campaign: ${count} kill points, seed ${seed} (replay: ${replay})`);
    durations = stageDurations(await expectFullTestPasses()); // also warms the image
  });

  afterAll(async () => {
    await isomer(KILL_ROLE, ["destroy"], env);
    const landed = [...tally.landed].map(([stage, n]) => `${stage} ${n}`).join(", ");
    console.log(`kill campaign: seed ${seed}, ${tally.tried} kill points tried, ${tally.killed} killed a running isomer (landed: ${landed}), ${tally.fullRuns} full runs passed, ${tally.leftovers} leftovers`);
    rmSync(scratch, { recursive: true, force: true });
  });

  points.forEach((point, i) => {
    it(`kill #${i + 1} ${describePoint(point)}: destroy leaves nothing`, async () => {
      const outcome = await killTestAt(KILL_ROLE, env, point, durations);
      tally.tried++;
      if (outcome.killed) tally.killed++;
      tally.landed.set(outcome.landed, (tally.landed.get(outcome.landed) ?? 0) + 1);
      const context = `${replay}: kill #${i + 1} ${describePoint(point)} landed in ${outcome.landed}`;
      // isomer that ended before the kill point must have ended well (the whole sequence ran)
      if (!outcome.killed) expect(outcome.exitCode, `${context}: isomer ended by itself (${outcome.exitSignal ?? "no signal"})\n${outcome.output}`).toBe(0);
      await expectDestroyCleansUp(context);
      if ((i + 1) % 10 === 0 || i === points.length - 1) await expectFullTestPasses();
    });
  });

  // isomer-runtime's create (the process isomer waits on) and the shim it forks, killed at a seeded
  // delay after they appear: the create fails, destroy removes what they made, the next create works.
  for (const [target, comm] of [["isomer-runtime create", "isomer-runtime"], ["the shim", "isomer-shim"]] as const) {
    it(`SIGKILL of ${target} while an instance is created: destroy cleans up, the next create works`, async () => {
      for (let round = 0; round < 3; round++) {
        const delayMs = random.int(0, 20);
        const context = `${replay}: SIGKILL of ${target} ${delayMs} ms after it appeared (round ${round + 1})`;
        const create = isomer(KILL_ROLE, ["create"], env);
        let exited = false;
        create.finally(() => (exited = true)).catch(() => undefined);
        const pid = await waitForProcess((c, args) => c === comm && args.includes("create") && args.some((a) => a.includes(run.prefix)), () => exited);
        if (pid !== undefined) {
          await sleep(delayMs);
          try {
            process.kill(pid, "SIGKILL");
          } catch {
            // it finished first
          }
        }
        const created = await create;
        expect(pid, `${context}: never saw ${target}\n${created.all}`).toBeDefined();
        expect(created.all, context).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // an error message, not a stack trace
        await expectDestroyCleansUp(context);
        const again = await isomer(KILL_ROLE, ["create"], env);
        expect(again.exitCode, `${context}: the next create\n${again.all}`).toBe(0);
        await expectDestroyCleansUp(context);
      }
    });
  }
});
