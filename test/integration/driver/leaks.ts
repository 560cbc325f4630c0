// What isomer may leave on the host for containers whose ids start with `prefix`: mounts, netns,
// veths/bridges, tagged iptables rules, cgroups, processes, runtime state, bundle directories.
// Returns one line per leftover; [] means clean. Used by the driver and e2e tests.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { containersDir, runtimeStateRoot } from "../../../src/util/paths.js";
import { vethHostName } from "../../../src/runtime/network/index.js";

async function cgroupDirs(prefix: string): Promise<string[]> {
  const result = await execa("find", ["/sys/fs/cgroup", "-maxdepth", "6", "-type", "d", "-name", `*${prefix}*`], { reject: false });
  return result.stdout.split("\n").filter(Boolean);
}

// Leftovers of containers named `prefix*` (ids lists the exact ids, for their veth names).
export async function hostLeftovers(prefix: string, ids: string[] = []): Promise<string[]> {
  const found: string[] = [];
  for (const line of readFileSync("/proc/self/mountinfo", "utf8").split("\n")) if (line.includes(prefix)) found.push(`mount: ${line.split(" ")[4]}`);
  if (existsSync("/run/netns")) for (const name of readdirSync("/run/netns")) if (name.startsWith(prefix)) found.push(`netns: ${name}`);
  const links = (await execa("ip", ["-br", "link"])).stdout;
  for (const id of ids) if (links.includes(vethHostName(id))) found.push(`veth: ${vethHostName(id)} of ${id}`);
  for (const dir of await cgroupDirs(prefix)) found.push(`cgroup: ${dir}`);
  const ps = (await execa("ps", ["-eo", "pid=,args="])).stdout.split("\n");
  for (const line of ps) if (line.includes(prefix) && !line.includes("vitest") && !/\b(ps|find)\b/.test(line)) found.push(`process: ${line.trim()}`);
  const state = runtimeStateRoot();
  if (existsSync(state)) for (const name of readdirSync(state)) if (name.startsWith(prefix)) found.push(`runtime state: ${join(state, name)}`);
  const bundles = containersDir();
  if (existsSync(bundles)) for (const name of readdirSync(bundles)) if (name.startsWith(prefix)) found.push(`bundle: ${join(bundles, name)}`);
  return found;
}

// Bridges and iptables rules of `bridge` still present.
export async function bridgeLeftovers(bridge: string): Promise<string[]> {
  const found: string[] = [];
  if ((await execa("ip", ["link", "show", "dev", bridge], { reject: false })).exitCode === 0) found.push(`bridge: ${bridge}`);
  const rules = (await execa("iptables-save")).stdout.split("\n").filter((line) => line.includes(`isomer:${bridge}`));
  for (const rule of rules) found.push(`iptables: ${rule}`);
  return found;
}
