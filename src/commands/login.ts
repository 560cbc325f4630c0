// `isomer login [--host NAME]`: an interactive shell in a created instance, through its driver
// (under shared state, one of the `default` scenario's).
import { getDriver } from "../drivers/index.js";
import { ConfigError, EXIT, IsomerError } from "../errors.js";
import { lockHolder } from "../scenario/lock.js";
import { StateStore } from "../scenario/state.js";
import { driverContext } from "../scenario/run.js";
import { ConsoleReporter } from "../reporter/console.js";
import { asksForSharedState, SHARED_STATE_OWNER } from "../scenario/shared-state.js";
import { loadConfigs, loadOwner } from "./load.js";
import type { CommandOptions } from "./options.js";

// The login command.
export async function login(options: CommandOptions & { host?: string }): Promise<void> {
  const [selected] = await loadConfigs({ ...options, all: false });
  // shared state: a scenario's instances are the default scenario's
  const config = selected!.scenario.name !== SHARED_STATE_OWNER && asksForSharedState(selected!, options) ? await loadOwner([selected!], options) : selected;
  const names = config!.platforms.map((p) => p.name);
  const host = options.host ?? (names.length === 1 ? names[0] : undefined);
  if (!host || !names.includes(host)) {
    throw new ConfigError(host ? `Instance \`${host}\` is not in scenario \`${config!.scenario.name}\`` : "Several instances: say which one with `--host NAME`", {
      hint: `Instances: ${names.map((n) => `\`${n}\``).join(", ")}.`,
    });
  }
  const holder = lockHolder(config!.ephemeralDir);
  if (holder?.action === "destroy") {
    throw new IsomerError("ISOMER_LOCKED", `Scenario \`${config!.scenario.name}\` is being destroyed by isomer process \`${holder.pid}\``, {
      exitCode: EXIT.locked,
      hint: `Wait for process ${holder.pid} to finish, then \`isomer create\` (or \`isomer converge\`) before logging in.`,
    });
  }
  const state = new StateStore(config!.ephemeralDir);
  if (!state.get().created) {
    throw new IsomerError("ISOMER_NOT_CREATED", `Instances of scenario \`${config!.scenario.name}\` are not created`, { hint: "Run `isomer create` (or `isomer converge`) first." });
  }
  const driver = await getDriver(config!.driver.name);
  if (!driver.login) throw new IsomerError("ISOMER_NO_LOGIN", `Driver \`${driver.name}\` does not support login`);
  // no lock of its own: a shell stays open while the user converges from another terminal; only a
  // destroy in progress (the holder's recorded action) is refused above
  const signal = options.signal ?? new AbortController().signal;
  await driver.login(driverContext(config!, state, driver, options.reporter ?? new ConsoleReporter(), options, signal), host);
}
