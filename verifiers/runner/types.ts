// The contract between the scenario runner's verify step and the verifiers: what a verifier is
// told about a scenario (RunVerifierContext) and what it hands back (VerifierResult).

// How to reach one instance, as the inventory describes it (ansible_* / isomer_* host vars).
export interface InstanceConnection {
  // inventory hostname (the platform's `name`)
  name: string;
  // groups the instance belongs to in the inventory (besides `all`)
  groups?: string[];
  // `isomer` (embedded runtime exec), `local`, `ssh`, `docker`, `podman`
  connection: "isomer" | "local" | "ssh" | "docker" | "podman";
  // all host vars of the instance as written in the inventory (ansible_user, isomer_root, ...)
  vars: Record<string, unknown>;
}

// One test case result, for the JUnit report.
export interface VerifierCase {
  // instance (or group) the case ran against
  instance: string;
  // test file relative to the scenario dir, then the test's full name
  file: string;
  name: string;
  status: "passed" | "failed" | "skipped";
  durationMs: number;
  // failure message (instance, check, what was found)
  message?: string;
}

// Where verifier results go for `--report junit.xml`; the runner owns the XML.
export interface JUnitSink {
  // record one case under the suite `suite` (e.g. `verify:<scenario>:<instance>`)
  addCase(suite: string, testCase: VerifierCase): void;
}

// Everything runVerifier(name, ctx) needs; built by the verify step (src/scenario/steps/verify.ts).
export interface RunVerifierContext {
  // scenario name and its directory (molecule/<scenario>)
  scenarioName: string;
  scenarioDir: string;
  // the role (project) directory, the cwd of Molecule-style runs
  projectDir: string;
  // the scenario's ephemeral directory (holds inventory.yml, ansible.cfg)
  ephemeralDir: string;
  // generated Ansible inventory file and ansible.cfg (testinfra goes through them)
  inventoryFile: string;
  ansibleCfgFile?: string;
  // instances to verify, with their connection vars
  instances: InstanceConnection[];
  // environment for the verifier process (MOLECULE_* variables + verifier.env), merged over process.env
  env: Record<string, string>;
  // verifier.options from molecule.yml (testinfra: pytest flags; isomer: vitest options)
  options: Record<string, unknown>;
  // verifier.additional_files_or_dirs (relative to the tests dir, globs allowed)
  additionalFilesOrDirs: string[];
  // verifier.directory (default `tests`), relative to scenarioDir
  testsDir?: string;
  // run once per instance (default) or once per inventory group
  per?: "instance" | "group";
  // where results go for --report (optional)
  junit?: JUnitSink;
  // print progress/output lines (default: write to stdout)
  log?: (line: string) => void;
  // cancel a running verification (Ctrl-C)
  signal?: AbortSignal;
}

// What a verifier run produced: overall success and every case.
export interface VerifierResult {
  verifier: string;
  ok: boolean;
  cases: VerifierCase[];
  // per instance (or group): did every test pass
  perTarget: Record<string, boolean>;
}
