// The Written config schema: what users may type in molecule.yml (Molecule's data/molecule.json,
// plus molecule-plugins' docker/podman platform keys). Checked by ./check-schema.ts.

// A schema node: the shape one value must have.
export type Schema =
  | { type: "string" | "boolean" | "integer" | "number" | "null" | "any" }
  | { type: "enum"; values: readonly (string | number)[] }
  | { type: "list"; items: Schema }
  | { type: "map"; keys?: Record<string, Schema>; values?: Schema; unknown: "error" | "warn" | "allow" }
  | { type: "oneOf"; options: Schema[]; describe: string };

const str: Schema = { type: "string" };
const bool: Schema = { type: "boolean" };
const int: Schema = { type: "integer" };
const any: Schema = { type: "any" };
const strList: Schema = { type: "list", items: str };
const anyMap: Schema = { type: "map", unknown: "allow" };
const strMap: Schema = { type: "map", values: { type: "oneOf", options: [str, { type: "number" }, bool], describe: "a string" }, unknown: "allow" };
const map = (keys: Record<string, Schema>, unknown: "error" | "warn" | "allow" = "error"): Schema => ({ type: "map", keys, unknown });
const oneOf = (describe: string, ...options: Schema[]): Schema => ({ type: "oneOf", options, describe });
const boolish = oneOf("a boolean", bool, { type: "enum", values: ["true", "false", "always", "True", "False"] });
const sequence: Schema = strList;

// Platform keys (Molecule core + molecule-plugins docker/podman + isomer's own `runtime`).
export const PLATFORM_SCHEMA = map(
  {
    name: str,
    groups: strList,
    children: strList,
    image: oneOf("a string", str, { type: "null" }),
    pre_build_image: bool,
    dockerfile: str,
    registry: map({ url: str, credentials: map({ username: str, password: str, email: str }) }),
    command: oneOf("a string or a list of strings", str, strList),
    override_command: bool,
    privileged: bool,
    capabilities: strList,
    cap_add: strList,
    cap_drop: strList,
    security_opts: strList,
    volumes: strList,
    mounts: { type: "list", items: anyMap },
    tmpfs: oneOf("a list of strings or a map", strList, strMap),
    cgroupns_mode: { type: "enum", values: ["host", "private"] },
    env: strMap,
    environment: strMap,
    hostname: oneOf("a string", str, bool),
    domainname: str,
    published_ports: { type: "list", items: oneOf("a string or an integer", str, int) },
    exposed_ports: { type: "list", items: oneOf("a string or an integer", str, int) },
    networks: { type: "list", items: map({ name: str, aliases: strList, ipv4_address: str, links: strList }) },
    network_mode: str,
    dns_servers: strList,
    etc_hosts: strMap,
    user: str,
    ulimits: strList,
    systemd: boolish,
    tty: bool,
    pull: bool,
    force: bool,
    buildargs: strMap,
    keep_default: bool,
    working_dir: str,
    entrypoint: oneOf("a string or a list of strings", str, strList),
    stop_signal: str,
    memory: oneOf("a string or an integer", str, int),
    cpus: oneOf("a number or a string", { type: "number" }, str),
    runtime: str,
    force_kill: bool,
    pid_mode: str,
    ipc_mode: str,
    devices: strList,
    labels: strMap,
    restart_policy: str,
    restart_retries: int,
    docker_host: str,
    cacert_path: str,
    cert_path: str,
    key_path: str,
    tls_verify: bool,
    detach: bool,
    log_driver: str,
    log_options: anyMap,
    purge_networks: bool,
    container_memory: any,
    ansible_user: str,
  },
  "warn",
);

// The whole molecule.yml.
export const CONFIG_SCHEMA = map({
  dependency: map({ name: str, command: oneOf("a string", str, { type: "null" }), enabled: bool, options: anyMap, env: strMap }),
  driver: map(
    {
      name: str,
      provider: map({ name: oneOf("a string", str, any) }, "allow"),
      // open by design (a driver plugin's own options): a near-typo of a known key is an error, anything else a warning
      options: map({ managed: bool, login_cmd_template: str, ansible_connection_options: strMap, shared_network: bool, runtime: str, package_cache: bool, snapshot: bool, fsync: bool }, "warn"),
      ssh_connection_options: strList,
      safe_files: strList,
    },
    "error", // Molecule's driver schema is closed: a misspelt key here used to be accepted without a word
  ),
  platforms: { type: "list", items: PLATFORM_SCHEMA },
  provisioner: map({
    name: str,
    config_options: { type: "map", values: anyMap, unknown: "allow" },
    ansible_args: strList,
    connection_options: anyMap,
    options: anyMap,
    env: strMap,
    inventory: map({ hosts: anyMap, host_vars: anyMap, group_vars: anyMap, links: map({ hosts: str, host_vars: str, group_vars: str }) }),
    children: anyMap,
    playbooks: anyMap,
    log: bool,
    lint: any,
  }, "warn"), // Molecule lets plugins add provisioner keys: a typo is an error, anything else a warning
  ansible: map({
    cfg: { type: "map", values: anyMap, unknown: "allow" },
    executor: map({
      backend: { type: "enum", values: ["ansible-playbook", "ansible-navigator"] },
      args: map({ ansible_playbook: strList, ansible_navigator: strList }),
    }),
    env: strMap,
    playbooks: anyMap,
  }),
  verifier: map({ name: str, enabled: bool, directory: str, options: anyMap, env: strMap, additional_files_or_dirs: strList, lint: any }),
  scenario: map({
    name: str,
    test_sequence: sequence, check_sequence: sequence, converge_sequence: sequence, create_sequence: sequence,
    destroy_sequence: sequence, cleanup_sequence: sequence, dependency_sequence: sequence, idempotence_sequence: sequence,
    lint_sequence: sequence, prepare_sequence: sequence, side_effect_sequence: sequence, syntax_sequence: sequence,
    verify_sequence: sequence,
  }),
  lint: oneOf("a command string", str, anyMap),
  log: bool,
  prerun: bool,
  role_name_check: { type: "enum", values: [0, 1, 2] },
  shared_state: bool,
});
