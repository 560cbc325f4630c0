// rlimits from the spec on isomer-runtime, runc and crun: soft and hard as given, `unlimited`
// (Infinity in buildSpec, 2^64-1 in config.json) as RLIM_INFINITY; a limit above the host's hard
// limit capped to it by buildSpec, so the runtime's setrlimit never fails with EPERM.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runtimesUnderTest } from "../../helpers/runtimes.js";
import { RuntimeFixture } from "../../helpers/rt-fixture.js";
import { busyboxRootfs } from "../../helpers/busybox.js";
import { readHostLimits } from "../../../src/runtime/host-limits.js";

const isRoot = process.getuid?.() === 0;
beforeAll(async () => { if (isRoot) await busyboxRootfs(); });

describe.skipIf(!isRoot)("rlimits (need root)", () => {
  describe.each(runtimesUnderTest())("$name", (rt) => {
    const fx = new RuntimeFixture(rt);
    afterAll(() => fx.cleanup());
    const t = test.skipIf(rt.skip !== undefined);
    if (rt.skip) test.skip(`skipped: ${rt.skip}`, () => {});

    t("soft and hard limits as given, unlimited as unlimited, above the host capped to it", async () => {
      const host = readHostLimits().hardRlimits;
      const coreHard = host.RLIMIT_CORE === Infinity ? "unlimited" : String(host.RLIMIT_CORE);
      const nofileHard = String(host.RLIMIT_NOFILE);
      const b = await fx.bundle(["sh", "-c", "grep -E '^Max (core file size|open files|processes)' /proc/self/limits | tr -s ' '"], {
        rlimits: [
          { type: "RLIMIT_NOFILE", soft: 1e9, hard: 1e9 },
          { type: "RLIMIT_CORE", soft: 0, hard: Infinity },
          { type: "RLIMIT_NPROC", soft: 300, hard: 400 },
        ],
      });
      const r = await fx.client.run(b.id, b.bundle.dir);
      if (await fx.client.state(b.id).catch(() => undefined)) await fx.client.delete(b.id, { force: true });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toBe(`Max core file size 0 ${coreHard} bytes \nMax processes 300 400 processes \nMax open files ${nofileHard} ${nofileHard} files \n`);
    });
  });
});
