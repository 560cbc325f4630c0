// The MOLECULE_* variables: computed once here, used for interpolation and exported by the runner
// to every action, as Molecule's config.py `env` property. Also the ephemeral-dir file layout.
import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { basename, join, resolve } from "node:path";
import type { ResolvedConfig } from "./types.js";
import { ansibleEnv } from "../provisioner/ansible-install.js";

// Where the provisioner writes its files inside the ephemeral directory (Molecule's layout).
export interface ProvisionerPaths {
  inventoryDir: string; // inventory/ (ansible.cfg points here: the yml + linked host_vars/group_vars)
  inventoryFile: string; // inventory/ansible_inventory.yml
  ansibleCfg: string; // ansible.cfg
  rolesDir: string; // roles/ (the role under test linked by directory and full name)
  collectionsDir: string; // collections/ (ansible_collections/<ns>/<name> when galaxy.yml exists)
  instanceConfig: string; // instance_config.yml (written by drivers)
  stateFile: string; // state.yml (written by the runner)
}

// The environment an action runs with, merged here and nowhere else: the process's, then MOLECULE_*,
// then provisioner.env (Molecule's provisioner env); `verify` also gets verifier.env, as Molecule's
// verifiers do; last the Ansible that $ISOMER_ANSIBLE selects goes first on PATH and PYTHONPATH
// (provisioner/ansible-install.ts). Tools, playbooks, drivers and verifiers all receive this.
export function actionEnv(config: Pick<ResolvedConfig, "moleculeEnv" | "provisioner" | "verifier">, action?: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return ansibleEnv({ ...base, ...config.moleculeEnv, ...config.provisioner.env, ...(action === "verify" ? config.verifier.env : {}) });
}

// Paths of the generated files for the ephemeral directory `ephemeralDir`.
export function provisionerPaths(ephemeralDir: string): ProvisionerPaths {
  return {
    inventoryDir: join(ephemeralDir, "inventory"),
    inventoryFile: join(ephemeralDir, "inventory", "ansible_inventory.yml"),
    ansibleCfg: join(ephemeralDir, "ansible.cfg"),
    rolesDir: join(ephemeralDir, "roles"),
    collectionsDir: join(ephemeralDir, "collections"),
    instanceConfig: join(ephemeralDir, "instance_config.yml"),
    stateFile: join(ephemeralDir, "state.yml"),
  };
}

// Default ephemeral dir: $MOLECULE_EPHEMERAL_DIRECTORY, else
// ~/.cache/isomer/<project basename>-<hash of its absolute path>/<scenario>.
export function defaultEphemeralDir(projectDir: string, scenarioName: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.MOLECULE_EPHEMERAL_DIRECTORY) return resolve(env.MOLECULE_EPHEMERAL_DIRECTORY);
  const abs = resolve(projectDir);
  const hash = createHash("sha256").update(abs).digest("hex").slice(0, 10);
  const cache = env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(env.HOME || homedir(), ".cache");
  return join(cache, "isomer", `${basename(abs)}-${hash}`, scenarioName);
}

// What moleculeEnv needs to know.
export interface MoleculeEnvInput {
  projectDir: string;
  scenarioName: string;
  scenarioDir: string;
  ephemeralDir: string;
  configFile: string; // the scenario's molecule.yml
  envFile?: string;
  driverName: string;
  dependencyName?: string;
  provisionerName?: string;
  verifierName?: string;
  verifierDirectory?: string;
  debug?: boolean;
}

// The MOLECULE_* set (every value a string, absolute paths).
export function moleculeEnv(input: MoleculeEnvInput): Record<string, string> {
  const paths = provisionerPaths(input.ephemeralDir);
  const env: Record<string, string> = {
    MOLECULE_DEBUG: input.debug ? "True" : "False",
    MOLECULE_FILE: resolve(input.configFile),
    MOLECULE_STATE_FILE: paths.stateFile,
    MOLECULE_INVENTORY_FILE: paths.inventoryFile,
    MOLECULE_EPHEMERAL_DIRECTORY: resolve(input.ephemeralDir),
    MOLECULE_SCENARIO_DIRECTORY: resolve(input.scenarioDir),
    MOLECULE_PROJECT_DIRECTORY: resolve(input.projectDir),
    MOLECULE_INSTANCE_CONFIG: paths.instanceConfig,
    MOLECULE_DEPENDENCY_NAME: input.dependencyName ?? "galaxy",
    MOLECULE_DRIVER_NAME: input.driverName,
    MOLECULE_PROVISIONER_NAME: input.provisionerName ?? "ansible",
    MOLECULE_SCENARIO_NAME: input.scenarioName,
    MOLECULE_VERIFIER_NAME: input.verifierName ?? "ansible",
  };
  if (input.envFile) env.MOLECULE_ENV_FILE = resolve(input.envFile);
  if (input.verifierDirectory) env.MOLECULE_VERIFIER_TEST_DIRECTORY = resolve(input.verifierDirectory);
  return env;
}
