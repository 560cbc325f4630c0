// The `host` fixture of verifier test files: the runner describes the target instance(s) in
// $ISOMER_VERIFIER_TARGET; `test` hands a Host for it to every test, like testinfra's `host`.
import { test as base } from "vitest";
import { ConfigError } from "../src/errors.js";
import { backendFor } from "./backends/index.js";
import { LocalBackend } from "./backends/local.js";
import { Host } from "./host.js";
import type { InstanceConnection } from "./runner/types.js";

// The env var the runner sets: JSON of InstanceConnection[] (one, or a group's members).
export const TARGET_ENV = "ISOMER_VERIFIER_TARGET";

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

// vitest's `test` with `host` (and `hosts`, for group runs) fixtures.
export const test = base.extend<{ host: Host; hosts: Host[] }>({
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use) => use(targetHost()),
  // eslint-disable-next-line no-empty-pattern
  hosts: async ({}, use) => use(targetHosts()),
});
