// The one inventory of what isomer (or its tests) can leave on a host, one line per object as
// `<kind> <what>`: mounts, cgroups in every hierarchy, network links, network namespaces,
// iptables rules tagged `isomer:`, runtime state, network leases, bundles, processes of the
// runtime/shim, of the Ansible executor's broker, of the package cache and of rootless networks (holder, pasta), lock files. Objects are recognised by the names src gives them (its naming and
// path functions), so a renamed prefix there is followed here. The CLI (leftovers-cli.mjs, behind
// `test/leaks.sh`) compares two inventories; tests filter one (`leftoversMatching`).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { containerId } from "../../src/drivers/isomer/ids.js";
import { defaultEphemeralDir } from "../../src/config/molecule-env.js";
import { LOCK_FILE } from "../../src/scenario/lock.js";
import { leaseRoot } from "../../src/runtime/network/leases.js";
import { bridgeName, netnsName, netnsPath, rootlessNetworkName, ruleTag, SHARED_BRIDGE, vethHostName } from "../../src/runtime/network/names.js";
import { cgroupMounts, mountEntries } from "../../src/util/mountinfo.js";
import { containersDir, isomerHome, runtimeStateRoot } from "../../src/util/paths.js";
import { runProcess } from "../../src/util/process.js";
import { which } from "../../src/util/which.js";
import type { DriverContext } from "../../src/drivers/driver.js";

// The state roots runtime tests use (test/helpers/rt-fixture.ts), one per runtime.
export const RUNTIME_TEST_STATE_BASE = "/run/isomer-test-rt";
// Processes of the runtime: its CLI, the shim it leaves per container, the init, the unpacker.
const RUNTIME_PROCESSES = new Set(["isomer-runtime", "isomer-shim", "isomer-init", "isomer-unpack"]);
// Files of isomer's Ansible executor whose processes must end with their ansible-playbook: the
// host-side broker (templates/ansible/executor/).
const EXECUTOR_FILES = ["isomer_executor_broker.py"];
// The package cache's process (src/packages/cache-server.ts), which ends with the last lease.
const CACHE_SERVER = "cache-server.js";
// The slice of the runtime's systemd cgroup manager (native/src/cgroup_systemd.c).
const SYSTEMD_SLICE = "isomer.slice";
// Mount points of test scratch directories (test ids and tmp dirs carry these).
const TEST_MARKERS = ["isomer-test", "isomer-bench"];

// The fixed part of a generated name: `isom-` of bridgeName, `isv-` of vethHostName, ...
const prefixOf = (name: string) => name.replace(/[0-9a-f]+$/, "");

// Name prefixes src gives each kind of object.
export function namePrefixes(env: NodeJS.ProcessEnv = process.env) {
  const ctx = { env, ephemeralDir: "/" } as unknown as DriverContext;
  const containers = [...new Set(["isomer", containerId(ctx, "x").replace(/-[0-9a-f]{6}-x$/, "")])];
  return {
    containers, // container ids: netns names, cgroup names, bundle and state dirs
    links: [SHARED_BRIDGE, prefixOf(bridgeName("")), prefixOf(vethHostName(""))],
    netns: [...containers, prefixOf(netnsName("x".repeat(65)))],
    ruleTag: prefixOf(ruleTag("")),
    // a rootless network's holder (argv[0] `isomer-net-holder DIR`) and its pasta (`--pid DIR/pasta.pid`)
    rootlessNetwork: prefixOf(rootlessNetworkName("")),
  };
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const startsWithAny = (text: string, prefixes: string[]) => prefixes.some((p) => text.startsWith(p));

function mounts(env: NodeJS.ProcessEnv, p: ReturnType<typeof namePrefixes>): string[] {
  const ours = [isomerHome(env) + "/", "/run/isomer"];
  const out: string[] = [];
  for (const { mountPoint: point } of mountEntries()) {
    const netns = point.startsWith(dirname(netnsPath("x")) + "/") && startsWithAny(basename(point), p.netns);
    if (netns || startsWithAny(point, ours) || TEST_MARKERS.some((m) => point.includes(m))) out.push(`mount ${point}`);
  }
  return out;
}

// Every cgroup directory named like a container, in every v1 hierarchy and the v2 tree.
function cgroups(p: ReturnType<typeof namePrefixes>): string[] {
  const roots = cgroupMounts().map((m) => m.mountPoint);
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const name of entries(dir)) {
      const path = join(dir, name);
      if (!isDir(path)) continue;
      // isomer.slice holds the containers' systemd scopes (isomer-<id>.scope) and stays, as
      // machine.slice does: look inside it
      if (name === SYSTEMD_SLICE) walk(path, depth + 1);
      else if (startsWithAny(name, p.containers)) out.push(`cgroup ${path}`); // its own children go with it
      else if (depth < 8) walk(path, depth + 1);
    }
  };
  for (const root of [...new Set(roots)]) walk(root, 1);
  return out;
}

async function links(p: ReturnType<typeof namePrefixes>): Promise<string[]> {
  if (!which("ip")) return [];
  const r = await runProcess("ip", ["-o", "link", "show"]);
  return r.stdout.split("\n").map((line) => line.split(": ")[1]?.replace(/@.*$/, "") ?? "")
    .filter((name) => startsWithAny(name, p.links)).map((name) => `link ${name}`);
}

function netns(p: ReturnType<typeof namePrefixes>): string[] {
  return entries(dirname(netnsPath("x"))).filter((name) => startsWithAny(name, p.netns)).map((name) => `netns ${name}`);
}

async function iptables(p: ReturnType<typeof namePrefixes>): Promise<string[]> {
  const out: string[] = [];
  for (const save of ["iptables-save", "ip6tables-save"]) {
    if (!which(save)) continue;
    let table = "";
    for (const line of (await runProcess(save, [])).stdout.split("\n")) {
      if (line.startsWith("*")) table = line.slice(1);
      else if (line.includes(p.ruleTag)) out.push(`${save === "iptables-save" ? "iptables" : "ip6tables"} ${table} ${line}`);
    }
  }
  return out;
}

function state(env: NodeJS.ProcessEnv): string[] {
  const roots = [runtimeStateRoot(env), ...entries(RUNTIME_TEST_STATE_BASE).map((rt) => join(RUNTIME_TEST_STATE_BASE, rt))];
  const out = roots.flatMap((root) => entries(root).map((id) => `runtime-state ${join(root, id)}`));
  const leases = leaseRoot(env);
  for (const kind of entries(leases)) for (const name of entries(join(leases, kind))) out.push(`lease ${kind}/${name}`);
  for (const id of entries(containersDir(env))) out.push(`bundle ${join(containersDir(env), id)}`);
  return out;
}

function processes(p: ReturnType<typeof namePrefixes>): string[] {
  const out: string[] = [];
  for (const pid of entries("/proc").filter((e) => /^\d+$/.test(e) && Number(e) !== process.pid)) {
    try {
      const comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
      const ours = RUNTIME_PROCESSES.has(comm) || RUNTIME_PROCESSES.has(basename(args[0] ?? "")) || args.some((a) => a.includes(p.rootlessNetwork))
        || args.some((a) => EXECUTOR_FILES.includes(basename(a)) || basename(a) === CACHE_SERVER);
      if (ours) out.push(`process ${comm}: ${args.join(" ")}`);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

// Lock files: the scenario locks of ephemeral dirs under the cache, the image store's locks.
function locks(env: NodeJS.ProcessEnv): string[] {
  const cache = dirname(dirname(defaultEphemeralDir("/project", "scenario", { ...env, MOLECULE_EPHEMERAL_DIRECTORY: "" })));
  const out: string[] = [];
  for (const project of entries(cache)) {
    for (const scenario of entries(join(cache, project))) {
      const file = join(cache, project, scenario, LOCK_FILE);
      if (existsSync(file)) out.push(`lock ${file}`);
    }
  }
  const home = isomerHome(env);
  const walk = (dir: string, depth: number) => {
    for (const name of entries(dir)) {
      const path = join(dir, name);
      if (/^\.lock-|\.lock$/.test(name)) out.push(`lock ${path}`);
      else if (depth < 4 && !["layers", "containers"].includes(name) && isDir(path)) walk(path, depth + 1);
    }
  };
  walk(home, 1);
  for (const name of entries(join(home, "layers", "sha256"))) if (name.startsWith(".lock-")) out.push(`lock ${join(home, "layers", "sha256", name)}`);
  return out;
}

// The inventory now, sorted and without duplicates.
export async function leftovers(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const p = namePrefixes(env);
  const found = [...mounts(env, p), ...cgroups(p), ...(await links(p)), ...netns(p), ...(await iptables(p)), ...state(env), ...processes(p), ...locks(env)];
  return [...new Set(found)].sort();
}

// The lines of `now` that `baseline` does not have.
export function newSince(baseline: string[], now: string[]): string[] {
  const before = new Set(baseline);
  return now.filter((line) => !before.has(line));
}

// The inventory lines that mention any of `needles` (a test's container prefix, its bridge, ...).
export async function leftoversMatching(...needles: string[]): Promise<string[]> {
  return (await leftovers()).filter((line) => needles.some((needle) => line.includes(needle)));
}

// What one scenario's run left: objects named after its containers (their id prefix), its
// instances' host veths, its bridge and the bridge's tagged rules.
export async function scenarioLeftovers(run: { prefix: string; ephemeralDir: string; instances?: string[] }): Promise<string[]> {
  const ctx = { env: { ISOMER_CONTAINER_PREFIX: run.prefix }, ephemeralDir: run.ephemeralDir } as unknown as DriverContext;
  const veths = (run.instances ?? []).map((instance) => vethHostName(containerId(ctx, instance)));
  return leftoversMatching(run.prefix, bridgeName(run.ephemeralDir), ...veths);
}
