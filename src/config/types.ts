// Resolved configuration: what the rest of isomer codes against after molecule.yml, base configs
// and the environment have been merged, interpolated and validated. Platform keys keep Molecule's
// spelling (snake_case) so they pass unchanged to playbooks as `molecule_yml.platforms`.
import type { PortSpec } from "../runtime/network/ports.js";

// One step of a sequence; Molecule allows an argument (`verify ../shared/checks.yml`).
export type ActionName =
  | "dependency" | "cleanup" | "destroy" | "syntax" | "create" | "prepare" | "converge"
  | "idempotence" | "side_effect" | "verify" | "check" | "lint";

// Names a user can run as a sequence (`isomer test`, `isomer converge`, ...).
export type SequenceName =
  | "test" | "check" | "converge" | "create" | "destroy" | "cleanup" | "prepare" | "side_effect"
  | "verify" | "idempotence" | "dependency" | "syntax" | "lint";

// An entry of a sequence: the action and its optional argument (a playbook/test path).
export interface SequenceStep {
  action: ActionName;
  arg?: string;
}

// Driver names isomer knows; `isomer`, `docker` and `podman` all run on the embedded runtime.
export type DriverName = "default" | "delegated" | "isomer" | "docker" | "podman";

// Playbooks the provisioner can run, keyed like Molecule's `provisioner.playbooks`.
export type PlaybookName = "cleanup" | "create" | "converge" | "destroy" | "prepare" | "side_effect" | "verify";

// Verifier names: Ansible's verify.yml, Python testinfra, isomer's TypeScript verifiers.
export type VerifierName = "ansible" | "testinfra" | "isomer";

// A problem found while loading; `file`/`line`/`col` point into the file that set the key.
export interface Diagnostic {
  severity: "error" | "warning";
  path: string; // dotted key path, e.g. `platforms[0].image`; "" for the whole file
  message: string;
  file?: string;
  line?: number; // 1-based
  col?: number; // 1-based
}

// A published port as Docker writes it (`[ip:][host:]container[/proto]`), parsed once by the
// runtime's grammar (src/runtime/network/ports.ts); a missing host port is chosen at create.
export type PublishedPort = PortSpec;

// One instance to create (Molecule docker/podman driver keys, typed; `extra` keeps unknown keys).
// A type alias (not an interface) so it is assignable to drivers' `PlatformConfig`.
export type Platform = {
  name: string;
  groups: string[];
  children: string[];
  image?: string;
  pre_build_image?: boolean;
  dockerfile?: string;
  registry?: { url?: string; credentials?: { username?: string; password?: string } };
  command?: string;
  override_command?: boolean;
  privileged?: boolean;
  capabilities?: string[];
  cap_add?: string[];
  cap_drop?: string[];
  security_opts?: string[];
  volumes?: string[];
  mounts?: Record<string, unknown>[];
  tmpfs?: string[] | Record<string, string>;
  cgroupns_mode?: "host" | "private";
  env?: Record<string, string>;
  hostname?: string;
  domainname?: string;
  published_ports: PublishedPort[];
  exposed_ports?: string[];
  networks?: { name: string; aliases?: string[]; ipv4_address?: string }[];
  network_mode?: string;
  dns_servers?: string[];
  etc_hosts?: Record<string, string>;
  user?: string;
  ulimits?: string[];
  systemd?: boolean | "always" | "true" | "false";
  tty?: boolean;
  pull?: boolean;
  force?: boolean;
  buildargs?: Record<string, string>;
  keep_default?: boolean;
  working_dir?: string;
  entrypoint?: string | string[];
  stop_signal?: string;
  memory?: string;
  cpus?: number | string;
  runtime?: string; // isomer driver: `isomer` (default), `runc` or `crun`
  extra: Record<string, unknown>; // keys isomer does not know (passed on, warned about)
};

// `dependency:` — galaxy (requirements.yml) or shell.
export interface ResolvedDependency {
  name: "galaxy" | "shell";
  enabled: boolean;
  command?: string;
  options: Record<string, unknown>;
  env: Record<string, string>;
}

// `driver:`.
export interface ResolvedDriver {
  name: DriverName;
  managed: boolean; // driver.options.managed (delegated: false means "instances exist already")
  options: Record<string, unknown>;
  sshConnectionOptions: string[];
  safeFiles: string[];
  provider?: string;
}

// `provisioner:` merged with current Molecule's `ansible:` section (one shape for both generations).
export interface ResolvedProvisioner {
  name: "ansible";
  configOptions: Record<string, Record<string, unknown>>; // ansible.cfg sections → keys
  ansibleArgs: string[]; // extra ansible-playbook args (provisioner.ansible_args / ansible.executor.args)
  executorBackend: "ansible-playbook" | "ansible-navigator";
  connectionOptions: Record<string, unknown>; // added to every host in the inventory
  options: Record<string, unknown>; // turned into ansible-playbook flags
  env: Record<string, string>;
  inventory: {
    hosts: Record<string, unknown>;
    hostVars: Record<string, Record<string, unknown>>;
    groupVars: Record<string, Record<string, unknown>>;
    links: { hosts?: string; host_vars?: string; group_vars?: string }; // absolute paths
  };
  children: Record<string, unknown>;
  playbooks: Partial<Record<PlaybookName, string>>; // absolute, per-driver override applied; may not exist
  log: boolean;
}

// `verifier:`.
export interface ResolvedVerifier {
  name: VerifierName;
  enabled: boolean;
  directory: string; // absolute (default: <scenario>/tests)
  options: Record<string, unknown>;
  env: Record<string, string>;
  additionalFilesOrDirs: string[];
}

// `scenario:` — name and every sequence, resolved to steps.
export interface ResolvedScenario {
  name: string;
  directory: string; // absolute
  sequences: Record<SequenceName, SequenceStep[]>;
}

// The whole resolved configuration of one scenario.
export interface ResolvedConfig {
  projectDir: string; // absolute
  configFile: string; // the scenario's molecule.yml (absolute)
  files: string[]; // every file merged, lowest precedence first
  ephemeralDir: string;
  scenario: ResolvedScenario;
  dependency: ResolvedDependency;
  driver: ResolvedDriver;
  platforms: Platform[];
  provisioner: ResolvedProvisioner;
  verifier: ResolvedVerifier;
  lint?: string; // `lint:` command string, run in the project directory
  roleNameCheck: 0 | 1 | 2; // 0 error, 1 warn, 2 skip (Molecule)
  prerun: boolean;
  sharedState: boolean; // `shared_state: true` (Molecule 25.7+): the `default` scenario's instances serve this one (src/scenario/shared-state.ts)
  sharedStateAt?: string; // `file:line` of the `shared_state:` the merge took, when one was written
  env: Record<string, string>; // environment used for interpolation (process env + env file + MOLECULE_*)
  moleculeEnv: Record<string, string>; // MOLECULE_* set exported to every action
  raw: Record<string, unknown>; // merged, interpolated molecule.yml (Molecule's `molecule_yml`)
}

// Input of loadScenarioConfig / validateScenarioConfig.
export interface LoadOptions {
  projectDir: string;
  scenarioName?: string; // default `default` (the directory's name when only scenarioDir is given); `group/name` when nested
  scenarioDir?: string;
  baseConfigs?: string[]; // --base-config files (in order, relative to the cwd); project/user base configs are added as Molecule does
  envFile?: string; // --env-file (relative to the cwd; default <project>/.env.yml, optional)
  env?: NodeJS.ProcessEnv; // default process.env
  ephemeralDir?: string; // default defaultEphemeralDir(projectDir, scenarioName)
  driverName?: string; // --driver-name override
  homeDir?: string; // for ~/.config/molecule/config.yml (default os.homedir())
  // The driver's own checks (its schema slice), run on a config that passed isomer's; `path` like
  // `platforms[0].image` gets file:line:col. E.g. `async (v) => (await getDriver(v.driver.name)).validate?.(v) ?? []`.
  driverIssues?: (view: DriverView) => DriverCheck[] | Promise<DriverCheck[]>;
}

// What a driver's check sees: its section and the platforms.
export interface DriverView {
  driver: { name: string; options: Record<string, unknown> };
  platforms: Platform[];
}

// One finding of a driver's check (an error unless severity says otherwise).
export interface DriverCheck {
  path: string;
  message: string;
  severity?: "error" | "warning";
}

// Result of validateScenarioConfig: never throws; `config` is undefined when errors exist.
export interface ValidationResult {
  config?: ResolvedConfig;
  warnings: Diagnostic[];
  errors: Diagnostic[];
}
