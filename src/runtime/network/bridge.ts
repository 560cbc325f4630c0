// The bridge of a scenario (or the shared one): created with its gateway address, forwarding and
// the NAT rules that let instances reach the outside (apt-get to the host's Debian mirror), and
// removed with all its tagged rules. Creation and removal are idempotent.
import { writeFile } from "node:fs/promises";
import { runTool, tryTool } from "./run.js";
import { addRules, listRules, removeRules } from "./iptables.js";
import { allocateSubnet, releaseSubnet } from "./subnet.js";
import { bridgeName, SHARED_BRIDGE } from "./names.js";
import { listLeases, releaseLease } from "./leases.js";

// What state records about a bridge, before it is created, so destroy can remove it.
export interface BridgeRecord {
  name: string;
  subnet: string; // e.g. 10.213.7.0/24
  gateway: string; // e.g. 10.213.7.1
  prefix: number;
  shared: boolean;
}

// Chooses the bridge name and leases its subnet (nothing is created yet).
export async function planBridge(key: string, shared = false): Promise<BridgeRecord> {
  const name = shared ? SHARED_BRIDGE : bridgeName(key);
  const subnet = await allocateSubnet(name);
  return { name, subnet: subnet.cidr, gateway: subnet.gateway, prefix: subnet.prefix, shared };
}

async function linkExists(name: string): Promise<boolean> {
  return tryTool("ip", ["link", "show", "dev", name]);
}

// Creates the bridge, its address, forwarding and NAT rules; a bridge that exists is left as is.
export async function createBridge(record: BridgeRecord): Promise<void> {
  const { name, subnet, gateway, prefix } = record;
  if (!(await linkExists(name))) {
    const batch = [`link add ${name} type bridge`, `addr add ${gateway}/${prefix} dev ${name}`, `link set ${name} up`];
    await runTool("ip", ["-batch", "-"], batch.join("\n") + "\n").catch(async (error) => {
      if (!(await linkExists(name))) throw error; // another process created it at the same time
    });
  }
  await writeFile("/proc/sys/net/ipv4/ip_forward", "1");
  // published ports DNAT 127.0.0.1 to the container: the bridge must route loopback sources
  await writeFile(`/proc/sys/net/ipv4/conf/${name}/route_localnet`, "1");
  if ((await listRules(name, "nat")).length > 0) return;
  await addRules(name, [
    { table: "nat", op: "-A", chain: "POSTROUTING", args: ["-s", subnet, "!", "-o", name, "-j", "MASQUERADE"] },
    { table: "nat", op: "-A", chain: "POSTROUTING", args: ["-s", "127.0.0.0/8", "-o", name, "-j", "MASQUERADE"] },
    // accept forwarding whatever the FORWARD policy is or becomes (Docker sets it to DROP)
    { table: "filter", op: "-I", chain: "FORWARD", args: ["-i", name, "-j", "ACCEPT"] },
    { table: "filter", op: "-I", chain: "FORWARD", args: ["-o", name, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"] },
  ]);
}

// True when other containers still hold addresses on the bridge (a shared bridge stays then).
export function bridgeInUse(record: BridgeRecord): boolean {
  return listLeases(`addresses-${record.name}`).length > 0;
}

// Removes the bridge's tagged rules, the bridge and its subnet lease; already gone is fine.
// A shared bridge is kept while other containers still use it.
export async function removeBridge(record: BridgeRecord): Promise<void> {
  if (record.shared && bridgeInUse(record)) return;
  await removeRules(record.name);
  if (await linkExists(record.name)) await tryTool("ip", ["link", "del", "dev", record.name]);
  // a scenario's own bridge takes its address leases with it: one taken by a create killed before
  // its instance's record was saved is known to no detach (the kill -9 campaign found one)
  if (!record.shared) for (const [address] of listLeases(`addresses-${record.name}`)) releaseLease(`addresses-${record.name}`, address);
  releaseSubnet(record.name);
}
