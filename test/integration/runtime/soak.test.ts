// The soak in small: 50 create -> start -> exec -> delete cycles of a systemd instance and 50 of a
// plain one on isomer-runtime; at every 10th cycle nothing of the finished cycles may be left
// (mounts, cgroups in every hierarchy, state, bundles, processes), and neither the cycle's shim nor
// the shim of a witness container that lives through the soak (one exec per cycle) may hold more
// fds than at the first sample (their RSS is printed).
// ISOMER_SOAK_CYCLES changes the count; bench/soak/ runs 1,000 of each. Needs root.
import { describe, expect, it } from "vitest";
import { RuntimeClient } from "../../../src/runtime/index.js";
import { runtimesUnderTest } from "../../helpers/runtimes.js";
import { countFrom } from "../../helpers/seeded-random.js";
import { formatSample, soak, soakKinds, type SoakKind } from "../../helpers/soak.js";
import { RT_STATE_BASE } from "../../helpers/rt-fixture.js";
import { join } from "node:path";

const isomer = runtimesUnderTest().find((r) => r.name === "isomer-runtime")!;
const skip = process.getuid?.() !== 0 ? "needs root" : isomer.skip;
const cycles = countFrom("ISOMER_SOAK_CYCLES", 50);
const every = countFrom("ISOMER_SOAK_EVERY", 10);
// A hang guard that grows with the count (a cycle takes ~0.4 s on a loaded machine), not a speed bound.
const timeout = Math.max(300_000, cycles * 3_000);

describe.skipIf(skip !== undefined)(`soak: ${cycles} cycles per kind on isomer-runtime`, () => {
  let kinds: Record<SoakKind["name"], SoakKind> | undefined;
  const client = new RuntimeClient({ binary: isomer.binary, root: join(RT_STATE_BASE, "soak") });

  for (const name of ["plain", "systemd"] as const) {
    it(`${name}: every cycle works, nothing is left, the shim's fds do not grow`, async () => {
      kinds ??= await soakKinds();
      const { samples, failures } = await soak(client, kinds[name], cycles, every, (s) => console.log(formatSample(name, s)));
      expect(failures).toEqual([]);
      for (const s of samples) expect(s.leftovers, `after cycle ${s.cycle}`).toEqual([]);
      expect(samples.map((s) => s.shimFds)).toEqual(samples.map(() => samples[0]!.shimFds));
      expect(samples.map((s) => s.witnessFds)).toEqual(samples.map(() => samples[0]!.witnessFds));
      expect(samples.at(-1)!.ownFds, "the client's own fds").toBeLessThanOrEqual(samples[0]!.ownFds + 2);
    }, timeout);
  }
});
