// `isomer list`: instances of the scenarios with driver, provisioner, created and converged, as a
// table (default) or --format plain|yaml|json (Molecule's `molecule list`).
import { stringify } from "yaml";
import { StateStore } from "../scenario/state.js";
import { formatTable } from "../reporter/summary.js";
import { ConfigError } from "../errors.js";
import type { ResolvedConfig } from "../config/types.js";
import { asksForSharedState, SHARED_STATE_OWNER } from "../scenario/shared-state.js";
import { loadConfigs, loadOwner } from "./load.js";
import { writerOf, type CommandOptions } from "./options.js";

// One row of `isomer list`.
export interface ListRow {
  instance: string;
  driver: string;
  provisioner: string;
  scenario: string;
  created: boolean;
  converged: boolean;
}

// Output formats of `isomer list`.
export const LIST_FORMATS = ["table", "plain", "yaml", "json"] as const;

// The rows for the selected scenarios (default: all of them). A scenario on the `default`
// scenario's instances (shared state) lists those, created as the default scenario's state says,
// converged as its own does for that life of the instances.
export async function listRows(options: CommandOptions): Promise<ListRow[]> {
  const configs = await loadConfigs({ ...options, all: options.all ?? !options.scenarioName });
  const sharing = (c: ResolvedConfig) => c.scenario.name !== SHARED_STATE_OWNER && asksForSharedState(c, options);
  const owner = configs.some(sharing) ? await loadOwner(configs, options) : undefined;
  const read = (c: ResolvedConfig) => StateStore.read(new StateStore(c.ephemeralDir).path);
  const rows: ListRow[] = [];
  for (const config of configs) {
    const on = owner && sharing(config) ? owner : config;
    const [state, own] = [read(on), read(config)];
    const converged = on === config ? own.converged : own.converged && own.isomer.instances === state.isomer.instances;
    for (const platform of on.platforms) {
      rows.push({
        instance: platform.name,
        driver: on.driver.name,
        provisioner: config.provisioner.name,
        scenario: config.scenario.name,
        created: state.created,
        converged,
      });
    }
  }
  return rows;
}

// Render rows in `format`.
export function renderList(rows: ListRow[], format: string): string {
  const cells = rows.map((r) => [r.instance, r.driver, r.provisioner, r.scenario, String(r.created), String(r.converged)]);
  switch (format) {
    case "json":
      return JSON.stringify(rows, null, 2) + "\n";
    case "yaml":
      return stringify(rows);
    case "plain":
      return cells.map((c) => c.join("  ")).join("\n") + (cells.length ? "\n" : "");
    case "table":
      return formatTable([["INSTANCE", "DRIVER", "PROVISIONER", "SCENARIO", "CREATED", "CONVERGED"], ...cells]) + "\n";
    default:
      throw new ConfigError(`Unknown list format \`${format}\``, { hint: `Use one of ${LIST_FORMATS.map((f) => `\`${f}\``).join(", ")}.` });
  }
}

// The list command.
export async function list(options: CommandOptions & { format?: string }): Promise<void> {
  const format = options.format ?? "table";
  renderList([], format); // reject a bad format before loading anything
  writerOf(options)(renderList(await listRows(options), format));
}
