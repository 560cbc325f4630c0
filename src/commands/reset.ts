// `isomer reset`: forget a scenario's ephemeral directory (state, inventory, lock), for each
// selected scenario (`--all`: every one). Refuses a scenario while its state still records resources
// to clean up, unless --force (then they are the user's to remove); the others are reset anyway and
// the refusal names every scenario left as it was.
import { rmSync, existsSync } from "node:fs";
import { IsomerError } from "../errors.js";
import { StateStore } from "../scenario/state.js";
import { acquireLock } from "../scenario/lock.js";
import { endStalePlaybook } from "../provisioner/stale-playbook.js";
import { loadConfigs } from "./load.js";
import { writerOf, type CommandOptions } from "./options.js";

// The reset command.
export async function reset(options: CommandOptions): Promise<void> {
  const write = writerOf(options);
  const refused: string[] = [];
  for (const config of await loadConfigs(options)) {
    const dir = config.ephemeralDir;
    if (!existsSync(dir)) {
      write(`${config.scenario.name}: nothing to reset\n`);
      continue;
    }
    const lock = acquireLock(dir, config.scenario.name);
    try {
      endStalePlaybook(dir);
      const state = new StateStore(dir).get();
      if ((state.created || state.isomer.resources.length) && !options.force) {
        refused.push(config.scenario.name);
        continue;
      }
    } finally {
      lock.release();
    }
    rmSync(dir, { recursive: true, force: true });
    write(`${config.scenario.name}: removed \`${dir}\`\n`);
  }
  if (refused.length) {
    const names = refused.map((n) => `\`${n}\``).join(", ");
    throw new IsomerError("ISOMER_RESET_CREATED", `Scenario${refused.length > 1 ? "s" : ""} ${names} still ${refused.length > 1 ? "have" : "has"} created instances or recorded resources`, {
      hint: "Run `isomer destroy` first, or `isomer reset --force` to forget them anyway (you then remove them by hand).",
    });
  }
}
