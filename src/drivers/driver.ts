// The driver interface: how a scenario's platforms become reachable instances and go away again.
// Modelled on Molecule's driver/base.py, kept small and async. Built-ins live in ./index.ts.
// The engine (src/scenario) builds a DriverContext per action and calls these methods; a driver
// never writes state.yml itself except through `ctx.state`.
import type { ProcessResult } from "../util/process.js";

// One entry of molecule.yml `platforms:` as the driver sees it (driver-specific keys included).
export interface PlatformConfig {
  name: string;
  groups?: string[];
  children?: string[];
  [key: string]: unknown;
}

// The part of the resolved configuration a driver may read.
export interface DriverConfigView {
  driver: { name: string; options?: Record<string, unknown>; [key: string]: unknown };
  platforms: PlatformConfig[];
}

// Where the scenario lives on disk.
export interface DriverScenario {
  name: string;
  directory: string; // molecule/<name>
  projectDirectory: string; // the role / project root
  ephemeralDirectory: string; // state.yml, inventory, instance_config.yml
}

// A thing a driver creates and destroy must remove even after a crash (container, mount, cgroup,
// veth, netns, iptables rule, bundle dir). Recorded in state.yml under `isomer.resources`
// BEFORE it is created; `kind` and `id` identify it, `data` is driver-private.
export interface CleanupResource {
  driver: string;
  kind: string;
  id: string;
  instance?: string;
  data?: Record<string, unknown>;
}

// The state operations a driver may use (implemented by src/scenario/state.ts).
export interface DriverState {
  // Resources recorded so far (for this scenario).
  resources(): CleanupResource[];
  // Record a resource before creating it; written to disk (atomically) before this resolves.
  recordResource(resource: CleanupResource): Promise<void>;
  // Forget resources once removed; `match` selects them. Written to disk before this resolves.
  forgetResources(match: (resource: CleanupResource) => boolean): Promise<void>;
  // Driver-private scratch values kept in state.yml under `isomer.driver_data`.
  driverData(): Record<string, unknown>;
  setDriverData(data: Record<string, unknown>): Promise<void>;
}

// Messages for the user, prefixed by the reporter with scenario and action.
export interface DriverLogger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

// Everything a driver method receives.
export interface DriverContext {
  scenario: DriverScenario;
  config: DriverConfigView;
  state: DriverState;
  ephemeralDir: string;
  env: NodeJS.ProcessEnv; // process env + MOLECULE_* of the scenario
  logger: DriverLogger;
  signal: AbortSignal; // aborted on Ctrl-C: stop waiting, leave recorded resources for destroy
  debug: boolean;
  // Run the scenario's create or destroy playbook through the provisioner (which finds it, and
  // gives it the inventory, ansible.cfg and env); `skipped` says why nothing ran (no such
  // playbook). Throws StepFailedError when it fails. The delegated driver makes instances so.
  runPlaybook(action: "create" | "destroy"): Promise<{ skipped?: string }>;
  // Set when prepared-instance snapshots are on (`--snapshot`, `driver.options.snapshot: true`):
  // `inputs()` is the digest of everything prepare reads (src/scenario/snapshot-inputs.ts),
  // undefined when the scenario has no prepare playbook.
  snapshot?: { inputs(): string | undefined };
}

// What create may report: `preparedFrom` names the snapshots the instances started from (then
// they count as prepared and the prepare step is skipped).
export interface CreateOutcome {
  preparedFrom?: string;
}

// A problem with the driver's part of molecule.yml; `path` like `platforms[0].image`.
export interface DriverIssue {
  path: string;
  message: string;
}

// What `status()` reports per instance (feeds `isomer list`).
export interface InstanceStatus {
  name: string;
  created: boolean;
  state?: string; // free text, e.g. `running`, `stopped`, `not created`
}

// Result of a command run inside an instance (the fields of src/util/process.ts's result a
// backend can always give: the exit code by its one rule, and the output).
export type ExecResult = Pick<ProcessResult, "exitCode" | "stdout" | "stderr">;

// Options for exec.
export interface ExecOptions {
  user?: string;
  cwd?: string;
  env?: Record<string, string>;
  input?: string;
}

// A driver. Required methods have no sensible default; optional ones fall back as documented.
export interface Driver {
  readonly name: string;
  // Platform keys this driver accepts besides `name`, `groups`, `children` (the schema slice);
  // undefined means: accept any key.
  readonly platformKeys?: readonly string[];
  // Extra checks on the driver's config (called by validation; never throws).
  validate?(config: DriverConfigView): DriverIssue[];
  // Host prerequisites (binaries, root, kernel features); throws PrerequisiteError.
  sanityCheck?(ctx: DriverContext): Promise<void>;
  // Make the platforms exist; record resources in ctx.state before creating them.
  create(ctx: DriverContext, platforms: PlatformConfig[]): Promise<CreateOutcome | void>;
  // After a prepare run with ctx.snapshot set: store each instance's prepared state as a snapshot
  // keyed on ctx.snapshot.inputs(), its image and its platform; returns what it says to the user.
  saveSnapshots?(ctx: DriverContext, instances: string[]): Promise<string[]>;
  // Remove everything ctx.state records (also after a failed or interrupted create).
  destroy(ctx: DriverContext): Promise<void>;
  // Per-platform status; default: derived from state.created.
  status?(ctx: DriverContext): Promise<InstanceStatus[]>;
  // Inventory host vars telling Ansible how to reach `instance` (ansible_connection, ...).
  connectionOptions(ctx: DriverContext, instance: string): Promise<Record<string, unknown>>;
  // An interactive shell in `instance` with the user's terminal.
  login?(ctx: DriverContext, instance: string): Promise<void>;
  // Run argv in `instance` (verifiers' backend); optional.
  exec?(ctx: DriverContext, instance: string, argv: string[], options?: ExecOptions): Promise<ExecResult>;
}
