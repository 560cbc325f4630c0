// Molecule's defaults in one place: sequences, names, playbook file names. The runner imports
// DEFAULT_SEQUENCES; config/normalize fills the Resolved config from the rest.
import type { ActionName, DriverName, PlaybookName, SequenceName, SequenceStep, VerifierName } from "./types.js";

// Every action a sequence may contain (Molecule's command names).
export const ACTION_NAMES: readonly ActionName[] = [
  "dependency", "cleanup", "destroy", "syntax", "create", "prepare", "converge",
  "idempotence", "side_effect", "verify", "check", "lint",
];

// Every sequence a user can run.
export const SEQUENCE_NAMES: readonly SequenceName[] = [
  "test", "check", "converge", "create", "destroy", "cleanup", "prepare", "side_effect",
  "verify", "idempotence", "dependency", "syntax", "lint",
];

// Drivers isomer serves (`default` and `delegated` are the same delegated driver).
export const DRIVER_NAMES: readonly DriverName[] = ["default", "delegated", "isomer", "docker", "podman"];

// Verifiers isomer runs.
export const VERIFIER_NAMES: readonly VerifierName[] = ["ansible", "testinfra", "isomer"];

// Playbook keys of provisioner.playbooks / ansible.playbooks.
export const PLAYBOOK_NAMES: readonly PlaybookName[] = [
  "cleanup", "create", "converge", "destroy", "prepare", "side_effect", "verify",
];

const steps = (...actions: ActionName[]): SequenceStep[] => actions.map((action) => ({ action }));

// Molecule's default sequences (molecule/config.py `_get_defaults`); the sequences without a
// `scenario.<name>_sequence` key are a single action, as in Molecule's scenario.py.
export const DEFAULT_SEQUENCES: Readonly<Record<SequenceName, readonly SequenceStep[]>> = {
  test: steps(
    "dependency", "cleanup", "destroy", "syntax", "create", "prepare", "converge",
    "idempotence", "side_effect", "verify", "cleanup", "destroy",
  ),
  check: steps("dependency", "cleanup", "destroy", "create", "prepare", "converge", "check", "cleanup", "destroy"),
  converge: steps("dependency", "create", "prepare", "converge"),
  create: steps("dependency", "create", "prepare"),
  destroy: steps("dependency", "cleanup", "destroy"),
  cleanup: steps("cleanup"),
  prepare: steps("prepare"),
  side_effect: steps("side_effect"),
  verify: steps("verify"),
  idempotence: steps("idempotence"),
  dependency: steps("dependency"),
  syntax: steps("syntax"),
  lint: steps("lint"),
};

// Sequences that `scenario:` may override with a `<name>_sequence` key (Molecule's schema).
export const CONFIGURABLE_SEQUENCES: readonly SequenceName[] = ["test", "check", "converge", "create", "destroy", "cleanup"];

// Default playbook file names, relative to the scenario directory.
export const DEFAULT_PLAYBOOKS: Readonly<Record<PlaybookName, string>> = {
  cleanup: "cleanup.yml",
  create: "create.yml",
  converge: "converge.yml",
  destroy: "destroy.yml",
  prepare: "prepare.yml",
  side_effect: "side_effect.yml",
  verify: "verify.yml",
};

// The built-in defaults as a Written config (lowest layer of the merge), as Molecule's `_get_defaults`.
export function writtenDefaults(scenarioName: string): Record<string, unknown> {
  return {
    dependency: { name: "galaxy", enabled: true, options: {}, env: {} },
    driver: { name: "default", options: { managed: true }, ssh_connection_options: [], safe_files: [] },
    prerun: true,
    role_name_check: 0,
    provisioner: {
      name: "ansible",
      config_options: {},
      ansible_args: [],
      connection_options: {},
      options: {},
      env: {},
      inventory: { hosts: {}, host_vars: {}, group_vars: {}, links: {} },
      children: {},
      playbooks: { ...DEFAULT_PLAYBOOKS },
      log: true,
    },
    scenario: {
      name: scenarioName,
      ...Object.fromEntries(
        CONFIGURABLE_SEQUENCES.map((s) => [`${s}_sequence`, DEFAULT_SEQUENCES[s].map((x) => x.action)]),
      ),
    },
    verifier: { name: "ansible", enabled: true, options: {}, env: {}, additional_files_or_dirs: [] },
  };
}
