// End to end: issue 11's speed levers change how fast a play runs, never what it does. The sample
// role of bench/molecule-stages (apt `nginx-light` with update_cache + cache_valid_time, a group,
// a user, a directory, two templates, a site symlink, a handler, nginx started; ansible verifier)
// runs `isomer test` three times on a real Debian image with the built CLI and real ansible-playbook:
// every lever on with an empty package cache, again with that cache now warm, and every lever off
// (no warm executor, no pipelining, no package cache). Each playbook's PLAY RECAP (converge,
// idempotence, verify, ...) must be the same in all three, the idempotence verdict included, and
// each run leaves nothing behind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../../src/util/paths.js";
import { debianImage } from "../helpers/debian.js";
import { scenarioLeftovers } from "../helpers/leftovers.js";
import { cliEnv, e2eSkipReason, isomer, recordedResources } from "./cli.js";

const skip = e2eSkipReason();
const SAMPLE = join(packageRoot(), "bench", "molecule-stages", "sample");
const scratch = mkdtempSync(join(tmpdir(), "isomer-test-levers-"));
const prefix = "isomer-test-levers";
const cacheDir = join(scratch, "package-cache");
let image = "";

// Each playbook's PLAY RECAP row for sample1, in the order the playbooks ran.
function recaps(output: string): string[] {
  return [...output.matchAll(/^sample1\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=(\d+)/gm)]
    .map((m) => `ok=${m[1]} changed=${m[2]} unreachable=${m[3]} failed=${m[4]} skipped=${m[5]}`);
}

async function test(name: string, levers: Record<string, string>) {
  const ephemeralDir = join(scratch, name);
  const result = await isomer(SAMPLE, ["test"], cliEnv(prefix, ephemeralDir, { BENCH_IMAGE: image, ...levers }));
  expect(result.exitCode, result.all).toBe(0);
  expect(recordedResources(ephemeralDir)).toEqual([]);
  expect(await scenarioLeftovers({ prefix, ephemeralDir, instances: ["sample1"] })).toEqual([]);
  return result.all ?? "";
}

describe.skipIf(skip !== undefined)("the speed levers on and off give the same play results (bench/molecule-stages/sample)", () => {
  beforeAll(async () => {
    image = (await debianImage()).ref;
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("has the same PLAY RECAPs with every lever on (package cache cold, then warm) and every lever off", async () => {
    const cold = await test("cold", { ISOMER_PACKAGE_CACHE_DIR: cacheDir });
    const warm = await test("warm", { ISOMER_PACKAGE_CACHE_DIR: cacheDir });
    const off = await test("off", { ISOMER_EXECUTOR: "0", ANSIBLE_PIPELINING: "0", ISOMER_PACKAGE_CACHE: "0" });
    for (const output of [cold, warm]) expect(output).toMatch(/package cache: the instances' HTTP \(apt mirrors\) goes through 127\.0\.0\.1:\d+/);
    expect(off).not.toMatch(/package cache: the instances' HTTP/);
    // converge changes things (apt, user, templates, handler), idempotence changes nothing, verify passes
    const expected = recaps(off);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(expected.some((row) => !row.includes(" changed=0 "))).toBe(true);
    expect(off).toMatch(/idempotent: no task changed/);
    expect(recaps(cold)).toEqual(expected);
    expect(recaps(warm)).toEqual(expected);
  });
});
