// End to end: scenarios/webserver's `systemd` scenario — two platforms (bookworm and trixie)
// built from Dockerfile.j2 (`pre_build_image: false`, as Molecule's docker driver), systemd as
// PID 1 without privileged or cgroup settings, the role's service active and enabled under
// systemd, each instance reaching the other by name; nothing left afterwards.
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../../src/util/paths.js";
import { scenarioLeftovers } from "../helpers/leftovers.js";
import { cliEnv, e2eSkipReason, isomer, recordedResources } from "./cli.js";

const skip = e2eSkipReason();
const ROLE = join(packageRoot(), "scenarios", "webserver");

describe.skipIf(skip !== undefined)("isomer test -s systemd of scenarios/webserver", () => {
  const scratch = mkdtempSync(join(tmpdir(), "isomer-test-d1sys-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("boots systemd in both distributions, converges, verifies and cleans up", async () => {
    const prefix = "isomer-test-d1sys";
    const ephemeralDir = join(scratch, "systemd");
    const result = await isomer(ROLE, ["test", "-s", "systemd"], cliEnv(prefix, ephemeralDir));
    expect(result.all).toMatch(/bookworm: started `[^`]+` at [\d.]+ with systemd as PID 1/);
    expect(result.all).toMatch(/trixie: started `[^`]+` at [\d.]+ with systemd as PID 1/);
    expect(result.all).toMatch(/TASK \[nginx is active\][^]*ok: \[bookworm\]/);
    expect(result.all).toMatch(/TASK \[The other instance is reachable by name\][^]*ok: \[trixie\]/);
    expect(result.all).toMatch(/systemd\s+verify\s+trixie\s+ok/);
    expect(result.exitCode, result.all).toBe(0);
    expect(recordedResources(ephemeralDir)).toEqual([]);
    expect(await scenarioLeftovers({ prefix, ephemeralDir, instances: ["bookworm", "trixie"] })).toEqual([]);
  });
});
