// Written → Resolved: fill defaults, map current Molecule's `ansible:` section onto the classic
// provisioner keys, resolve paths against the scenario directory, type platforms.
import { isAbsolute, resolve } from "node:path";
import type { DriverName, Platform, PlaybookName, ResolvedConfig, SequenceName, SequenceStep, ActionName, VerifierName } from "./types.js";
import { DEFAULT_PLAYBOOKS, DEFAULT_SEQUENCES, PLAYBOOK_NAMES, SEQUENCE_NAMES } from "./defaults.js";
import { PLATFORM_SCHEMA } from "./schema.js";
import { parsePortSpecs } from "../runtime/network/ports.js";
import { splitSequenceEntry } from "./rules.js";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const stringMap = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(obj(v)).map(([k, x]) => [k, x === null || x === undefined ? "" : String(x)]));

// Where the files and names come from (known to the loader).
export interface NormalizeContext {
  projectDir: string;
  scenarioDir: string;
  scenarioName: string;
  configFile: string;
  files: string[];
  ephemeralDir: string;
  env: Record<string, string>;
  moleculeEnv: Record<string, string>;
}

const PLATFORM_KEYS = new Set(Object.keys((PLATFORM_SCHEMA as { keys: Obj }).keys));

// One platform: typed known keys, parsed ports, unknown keys in `extra`.
export function normalizePlatform(written: Obj): Platform {
  const known: Obj = {};
  const extra: Obj = {};
  for (const [k, v] of Object.entries(written)) (PLATFORM_KEYS.has(k) ? known : extra)[k] = v;
  const ports = (Array.isArray(written.published_ports) ? written.published_ports : []).flatMap((spec) => {
    const parsed = parsePortSpecs(spec as string);
    return typeof parsed === "string" ? [] : parsed;
  });
  const env = written.env ?? written.environment;
  return {
    ...(known as Partial<Platform>),
    name: String(written.name),
    groups: strings(written.groups),
    children: strings(written.children),
    env: env === undefined ? undefined : stringMap(env),
    command: Array.isArray(written.command) ? written.command.map(String).join(" ") : (written.command as string | undefined),
    image: (written.image ?? undefined) as string | undefined,
    hostname: typeof written.hostname === "string" ? written.hostname : undefined, // Molecule allows `false`
    memory: written.memory === undefined ? undefined : String(written.memory),
    published_ports: ports,
    extra,
  };
}

function sequences(scenario: Obj): Record<SequenceName, SequenceStep[]> {
  const out = {} as Record<SequenceName, SequenceStep[]>;
  for (const name of SEQUENCE_NAMES) {
    const written = scenario[`${name}_sequence`];
    out[name] = Array.isArray(written)
      ? written.map((e) => splitSequenceEntry(String(e)) as SequenceStep & { action: ActionName })
      : DEFAULT_SEQUENCES[name].map((s) => ({ ...s }));
  }
  return out;
}

function playbooks(written: Obj, driverName: string, scenarioDir: string): Partial<Record<PlaybookName, string>> {
  const perDriver = obj(written[driverName]);
  const out: Partial<Record<PlaybookName, string>> = {};
  for (const name of PLAYBOOK_NAMES) {
    const path = perDriver[name] ?? written[name] ?? DEFAULT_PLAYBOOKS[name];
    if (typeof path === "string" && path !== "") out[name] = isAbsolute(path) ? path : resolve(scenarioDir, path);
  }
  return out;
}

// The Resolved config of a merged Written config that passed the schema and rules.
export function normalize(data: Obj, ctx: NormalizeContext): ResolvedConfig {
  const ansible = obj(data.ansible);
  const executor = obj(ansible.executor);
  const prov = obj(data.provisioner);
  const driver = obj(data.driver);
  const driverName = String(driver.name) as DriverName;
  const inventory = obj(prov.inventory);
  const links = stringMap(inventory.links);
  const dependency = obj(data.dependency);
  const verifier = obj(data.verifier);
  const scenarioDir = ctx.scenarioDir;
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(scenarioDir, p));
  return {
    projectDir: ctx.projectDir,
    configFile: ctx.configFile,
    files: ctx.files,
    ephemeralDir: ctx.ephemeralDir,
    scenario: { name: ctx.scenarioName, directory: scenarioDir, sequences: sequences(obj(data.scenario)) },
    dependency: {
      name: dependency.name === "shell" ? "shell" : "galaxy",
      enabled: dependency.enabled !== false,
      command: typeof dependency.command === "string" ? dependency.command : undefined,
      options: obj(dependency.options),
      env: stringMap(dependency.env),
    },
    driver: {
      name: driverName,
      managed: obj(driver.options).managed !== false,
      options: obj(driver.options),
      sshConnectionOptions: strings(driver.ssh_connection_options),
      safeFiles: strings(driver.safe_files),
      provider: typeof obj(driver.provider).name === "string" ? (obj(driver.provider).name as string) : undefined,
    },
    platforms: (Array.isArray(data.platforms) ? data.platforms : []).map((p) => normalizePlatform(obj(p))),
    provisioner: {
      name: "ansible",
      configOptions: Object.fromEntries(Object.entries({ ...obj(prov.config_options), ...obj(ansible.cfg) }).map(([k, v]) => [k, obj(v)])),
      ansibleArgs: [...strings(prov.ansible_args), ...strings(obj(executor.args).ansible_playbook)],
      executorBackend: executor.backend === "ansible-navigator" ? "ansible-navigator" : "ansible-playbook",
      connectionOptions: obj(prov.connection_options),
      options: obj(prov.options),
      env: { ...stringMap(prov.env), ...stringMap(ansible.env) },
      inventory: {
        hosts: obj(inventory.hosts),
        hostVars: obj(inventory.host_vars) as Record<string, Obj>,
        groupVars: obj(inventory.group_vars) as Record<string, Obj>,
        links: Object.fromEntries(Object.entries(links).map(([k, v]) => [k, abs(v)])),
      },
      children: obj(prov.children),
      playbooks: playbooks({ ...obj(prov.playbooks), ...obj(ansible.playbooks) }, driverName, scenarioDir),
      log: prov.log !== false,
    },
    verifier: {
      name: String(verifier.name) as VerifierName,
      enabled: verifier.enabled !== false,
      directory: abs(typeof verifier.directory === "string" ? verifier.directory : "tests"),
      options: obj(verifier.options),
      env: stringMap(verifier.env),
      additionalFilesOrDirs: strings(verifier.additional_files_or_dirs).map(abs),
    },
    lint: typeof data.lint === "string" ? data.lint : undefined,
    roleNameCheck: (data.role_name_check ?? 0) as 0 | 1 | 2,
    prerun: data.prerun !== false,
    sharedState: data.shared_state === true,
    env: ctx.env,
    moleculeEnv: ctx.moleculeEnv,
    raw: data,
  };
}
