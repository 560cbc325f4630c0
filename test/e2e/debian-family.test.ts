// End to end: the Debian family of images built locally from isomer's recipes (templates/images/),
// with no registry. The three recipes build (their Debian bases bootstrapped with mmdebstrap, once,
// under $ISOMER_HOME) and a second build reuses every step; `create` rebuilds a missing one from
// its recipe and says so; the example role scenarios/motd converges on all three in one scenario
// (systemd as PID 1 in each, `running` or `degraded` with no failed unit, checked by verify.yml),
// is idempotent, and nothing is left afterwards.
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../../src/util/paths.js";
import { scenarioLeftovers } from "../helpers/leftovers.js";
import { cliEnv, e2eSkipReason, isomer, recordedResources } from "./cli.js";

const skip = e2eSkipReason();
const ROLE = join(packageRoot(), "scenarios", "motd");
const RECIPES = ["debian11-ansible", "debian12-ansible", "debian13-ansible"];

interface Built {
  ref: string;
  digest: string;
  layers: string[];
  steps: { instruction: string; cached: boolean }[];
}

async function buildRecipe(name: string): Promise<Built> {
  const result = await isomer(packageRoot(), ["image", "build", "--recipe", name, "--json"], { ...process.env, NO_COLOR: "1" });
  expect(result.exitCode, result.all).toBe(0);
  return JSON.parse(result.stdout) as Built;
}

describe.skipIf(skip !== undefined)("the Debian family of images, built from isomer's recipes", () => {
  const scratch = mkdtempSync(join(tmpdir(), "isomer-test-dfam-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("builds the three recipes, and a second build reuses every step", async () => {
    for (const name of RECIPES) {
      const first = await buildRecipe(name);
      expect(first.ref).toBe(`docker.io/geerlingguy/docker-${name}:latest`);
      const second = await buildRecipe(name);
      expect(second.layers).toEqual(first.layers); // the same layers (the config's `created` is new)
      expect(second.steps.filter((s) => !s.cached).map((s) => s.instruction)).toEqual([]);
    }
  });

  it("rebuilds a missing image from its recipe at create, boots systemd in all three, converges idempotently", async () => {
    const rm = await isomer(packageRoot(), ["image", "rm", "--no-prune", "geerlingguy/docker-debian12-ansible:latest"], process.env);
    expect(rm.exitCode, rm.all).toBe(0);
    const prefix = "isomer-test-dfam";
    const ephemeralDir = join(scratch, "default");
    const result = await isomer(ROLE, ["test"], cliEnv(prefix, ephemeralDir));
    expect(result.all).toMatch(/debian12: registry unreachable; building `geerlingguy\/docker-debian12-ansible:latest` from isomer's recipe `debian12-ansible`/);
    expect(result.all).not.toMatch(/debian1[13]: registry unreachable/);
    for (const host of ["debian11", "debian12", "debian13"]) {
      expect(result.all).toMatch(new RegExp(`${host}: started \`[^\`]+\` at [\\d.]+ with systemd as PID 1`));
    }
    expect(result.all).toMatch(/TASK \[No unit failed\][^]*ok: \[debian11\][^]*ok: \[debian12\][^]*ok: \[debian13\]/);
    expect(result.all).toMatch(/default\s+idempotence\s+\S+\s+ok/);
    expect(result.all).toMatch(/default\s+verify\s+debian13\s+ok/);
    expect(result.exitCode, result.all).toBe(0);
    expect(recordedResources(ephemeralDir)).toEqual([]);
    expect(await scenarioLeftovers({ prefix, ephemeralDir, instances: ["debian11", "debian12", "debian13"] })).toEqual([]);
  });
});
