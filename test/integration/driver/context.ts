// A DriverContext for driving the embedded driver directly (without the CLI): a real StateStore
// in a temporary ephemeral directory and the given platforms.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { StateStore } from "../../../src/scenario/state.js";
import type { DriverContext, PlatformConfig } from "../../../src/drivers/driver.js";

// A context whose state lives in `dir`/ephemeral; messages are collected in `log`.
export function driverContext(dir: string, platforms: PlatformConfig[], env: NodeJS.ProcessEnv = process.env): DriverContext & { log: string[]; store: StateStore } {
  const ephemeralDir = join(dir, "ephemeral");
  mkdirSync(ephemeralDir, { recursive: true });
  const store = new StateStore(ephemeralDir);
  const log: string[] = [];
  const logger = { info: (m: string) => log.push(m), warn: (m: string) => log.push(`warn: ${m}`), debug: (m: string) => log.push(`debug: ${m}`) };
  return {
    scenario: { name: "default", directory: dir, projectDirectory: dir, ephemeralDirectory: ephemeralDir },
    config: { driver: { name: "docker", options: {} }, platforms },
    state: store, store, log, ephemeralDir, env, logger,
    signal: new AbortController().signal, debug: false,
    runPlaybook: async (action: string) => {
      throw new Error(`the embedded driver runs no playbooks (asked for \`${action}\`)`);
    },
  };
}
