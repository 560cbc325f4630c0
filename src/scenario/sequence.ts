// Sequences are data: the resolved `scenario.sequences` of a config (DEFAULT_SEQUENCES in config/defaults.ts,
// overridden in molecule.yml), trimmed by --destroy never. Also the `matrix` view.
import type { ResolvedConfig, SequenceName, SequenceStep } from "../config/types.js";
import { ConfigError } from "../errors.js";
import type { RunOptions } from "./context.js";

// Sequences that end in destroy and so honour --destroy and destroy-on-failure (Molecule: test, check).
export const DESTROYING_SEQUENCES: readonly SequenceName[] = ["test", "check"];

// The steps `sequence` runs for `config` under `options`.
export function sequenceSteps(config: ResolvedConfig, sequence: SequenceName, options: RunOptions = {}): SequenceStep[] {
  const steps = config.scenario.sequences[sequence];
  if (!steps) {
    throw new ConfigError(`Unknown sequence \`${sequence}\``, {
      hint: `Known sequences: ${Object.keys(config.scenario.sequences).map((s) => `\`${s}\``).join(", ")}.`,
    });
  }
  if (options.destroy === "never" && DESTROYING_SEQUENCES.includes(sequence)) {
    return steps.filter((s) => s.action !== "destroy");
  }
  return [...steps];
}

// `action` or `action arg`, as the sequence lists it.
export function stepLabel(step: SequenceStep): string {
  return step.arg ? `${step.action} ${step.arg}` : step.action;
}

// Whether a failure of `sequence` should trigger cleanup + destroy: test/check whose steps
// include destroy, unless --destroy never (Molecule's execute_cmdline_scenarios).
export function destroysOnFailure(sequence: SequenceName, options: RunOptions, steps: SequenceStep[]): boolean {
  return DESTROYING_SEQUENCES.includes(sequence) && options.destroy !== "never" && steps.some((s) => s.action === "destroy");
}
