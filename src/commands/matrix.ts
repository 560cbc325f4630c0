// `isomer matrix SUBCOMMAND`: the actions each scenario would run, as YAML (Molecule's matrix).
import { stringify } from "yaml";
import type { SequenceName } from "../config/types.js";
import { SEQUENCE_NAMES } from "../config/defaults.js";
import { ConfigError } from "../errors.js";
import { sequenceSteps, stepLabel } from "../scenario/sequence.js";
import { loadConfigs } from "./load.js";
import { writerOf, type CommandOptions } from "./options.js";

// Scenario name -> actions of `subcommand` for the selected scenarios.
export async function matrixOf(subcommand: string, options: CommandOptions): Promise<Record<string, string[]>> {
  const sequence = subcommand.replace(/-/g, "_") as SequenceName;
  if (!SEQUENCE_NAMES.includes(sequence)) {
    throw new ConfigError(`Unknown subcommand \`${subcommand}\` for \`isomer matrix\``, {
      hint: `Use one of ${SEQUENCE_NAMES.map((s) => `\`${s.replace(/_/g, "-")}\``).join(", ")}.`,
    });
  }
  const out: Record<string, string[]> = {};
  for (const config of await loadConfigs(options)) {
    out[config.scenario.name] = sequenceSteps(config, sequence, options).map(stepLabel);
  }
  return out;
}

// The matrix command.
export async function matrix(subcommand: string, options: CommandOptions): Promise<void> {
  writerOf(options)("---\n" + stringify(await matrixOf(subcommand, options)));
}
