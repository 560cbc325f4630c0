import { defineConfig } from "vitest/config";

// Three projects: `unit` needs nothing but Node; `integration` needs root, the native build and
// host tools (.ci/run installs them); `e2e` also needs a real Debian image (bootstrapped and cached
// under $ISOMER_HOME). Integration and e2e files touch host state (cgroups, mounts, iptables), so
// they run one file at a time, and the projects run one after the other (groupOrder).

// ISOMER_TEST_TIMEOUT_FACTOR multiplies the integration and e2e timeouts, for hosts that run
// everything several times slower (the qemu TCG guest of test/hosts sets it per suite); unset: 1.
function timeoutFactor(): number {
  const text = process.env.ISOMER_TEST_TIMEOUT_FACTOR;
  if (text === undefined || text === "") return 1;
  const factor = Number(text);
  if (!Number.isFinite(factor) || factor < 1) throw new Error(`ISOMER_TEST_TIMEOUT_FACTOR=${text}: expected a number of at least 1 (how many times slower this host is); unset it for 1`);
  return factor;
}
const slow = timeoutFactor();

export default defineConfig({
  test: {
    reporters: ["default", "./test/reporters/summary.ts"],
    projects: [
      {
        test: {
          name: "unit",
          sequence: { groupOrder: 0 },
          include: ["test/unit/**/*.test.ts"],
          testTimeout: 60_000, // a hang guard, not a speed bound: unit files run side by side on 2 loaded cores
          // Its dist imports JSON without an import attribute, which plain Node refuses: let vite load it.
          server: { deps: { inline: ["@actions/workflow-parser"] } },
        },
      },
      {
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          include: ["test/integration/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 300_000 * slow,
          hookTimeout: 600_000 * slow,
        },
      },
      {
        test: {
          name: "e2e",
          sequence: { groupOrder: 2 },
          include: ["test/e2e/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 900_000 * slow,
          hookTimeout: 900_000 * slow,
        },
      },
    ],
  },
});
