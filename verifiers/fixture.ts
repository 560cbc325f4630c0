// The `host` fixture of verifier test files: the runner describes the target instance(s) in
// $ISOMER_VERIFIER_TARGET; `test` hands a Host for it to every test, like testinfra's `host`.
import { test as base } from "vitest";
import { ConfigError } from "../src/errors.js";
import { backendFor } from "./backends/index.js";
import { LocalBackend } from "./backends/local.js";
import { Host } from "./host.js";
import type { InstanceConnection } from "./runner/types.js";

import { TARGET_ENV } from "./target-env.js";

export { TARGET_ENV };

let cached: Host[] | undefined;

// Hosts for the instances named in $ISOMER_VERIFIER_TARGET (the local machine when unset).
export function targetHosts(env: NodeJS.ProcessEnv = process.env): Host[] {
  if (cached) return cached;
  const raw = env[TARGET_ENV];
  if (!raw) return (cached = [new Host(new LocalBackend(), { name: "local" })]);
  let parsed: InstanceConnection[];
  try {
    parsed = JSON.parse(raw) as InstanceConnection[];
  } catch (e) {
    throw new ConfigError(`\`${TARGET_ENV}\` is not JSON: ${(e as Error).message}`, { cause: e });
  }
  return (cached = parsed.map((i) => new Host(backendFor(i), { name: i.name })));
}

// The first target host (the instance, in a per-instance run).
export function targetHost(): Host {
  return targetHosts()[0]!;
}

const extendTest = () =>
  base.extend<{ host: Host; hosts: Host[] }>({
    // eslint-disable-next-line no-empty-pattern
    host: async ({}, use) => use(targetHost()),
    // eslint-disable-next-line no-empty-pattern
    hosts: async ({}, use) => use(targetHosts()),
  });
type HostTest = ReturnType<typeof extendTest>;

function makeTest(): HostTest {
  try {
    return extendTest();
  } catch (e) {
    // imported outside a vitest run (a script using the host API): `test` is unusable, the rest works
    const unusable = () => {
      throw new Error("`test` from isomer/verifiers works only inside a vitest run; scripts use `Host` directly", { cause: e });
    };
    return unusable as unknown as HostTest;
  }
}

// vitest's `test` with `host` (and `hosts`, for group runs) fixtures.
export const test: HostTest = makeTest();
