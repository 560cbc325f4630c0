// End to end: scenarios/redis — the Docker recipe real roles use for systemd instances
// (privileged, `cgroupns_mode: host`, `/sys/fs/cgroup:/sys/fs/cgroup:rw`, systemd from the image's
// CMD), Debian's redis-server started under a sandboxed unit (PrivateTmp, ProtectSystem=strict,
// PrivateUsers, RestrictNamespaces, MemoryDenyWriteExecute), answering PING; nothing left afterwards.
// Runs on this host and inside the pure cgroup-v2 guest (test/hosts, suite `redis`).
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../../src/util/paths.js";
import { scenarioLeftovers } from "../helpers/leftovers.js";
import { cliEnv, e2eSkipReason, isomer, recordedResources } from "./cli.js";

const skip = e2eSkipReason();
const ROLE = join(packageRoot(), "scenarios", "redis");

describe.skipIf(skip !== undefined)("isomer test of scenarios/redis", () => {
  const scratch = mkdtempSync(join(tmpdir(), "isomer-test-redis-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("boots systemd from the image's CMD, starts the sandboxed redis-server, verifies and cleans up", async () => {
    const prefix = "isomer-test-redis";
    const ephemeralDir = join(scratch, "default");
    const result = await isomer(ROLE, ["test"], cliEnv(prefix, ephemeralDir));
    expect(result.all).toMatch(/redis1: started `[^`]+` at [\d.]+ with systemd as PID 1/);
    expect(result.all).toMatch(/TASK \[The unit runs sandboxed\][^]*ok: \[redis1\]/);
    expect(result.all).toMatch(/TASK \[redis answers PING\][^]*ok: \[redis1\]/);
    expect(result.all).toMatch(/default\s+verify\s+redis1\s+ok/);
    expect(result.exitCode, result.all).toBe(0);
    expect(recordedResources(ephemeralDir)).toEqual([]);
    expect(await scenarioLeftovers({ prefix, ephemeralDir, instances: ["redis1"] })).toEqual([]);
  });
});
