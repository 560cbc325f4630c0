// A container's place on a bridge: a named network namespace (/run/netns/<name>, handed to the
// runtime spec as the net namespace path), a veth pair whose inside end is `eth0`, an address and
// a default route. Two `ip -batch` calls (host side, inside) instead of eight `ip` processes.
import { existsSync } from "node:fs";
import { IsomerError } from "../../errors.js";
import { runTool, tryTool } from "./run.js";
import { netnsName, netnsPath, vethHostName } from "./names.js";
import { cidrRange, numberToIp } from "./subnet.js";
import { releaseLease, takeLease } from "./leases.js";
import { removeRules } from "./iptables.js";
import type { BridgeRecord } from "./bridge.js";

// What state records about one container's network, before any of it is created.
export interface AttachmentRecord {
  bridge: string;
  netns: string; // ip netns name
  netnsPath: string; // what the runtime spec joins
  vethHost: string;
  address: string;
  prefix: number;
  gateway: string;
}

// Chooses the names and leases the lowest free address of the bridge for `containerId`.
export function planAttachment(bridge: BridgeRecord, containerId: string): AttachmentRecord {
  const [first, last] = cidrRange(bridge.subnet);
  for (let value = first + 2; value < last; value++) {
    const address = numberToIp(value);
    if (!takeLease(`addresses-${bridge.name}`, address, containerId)) continue;
    const netns = netnsName(containerId);
    return { bridge: bridge.name, netns, netnsPath: netnsPath(netns), vethHost: vethHostName(containerId), address, prefix: bridge.prefix, gateway: bridge.gateway };
  }
  throw new IsomerError("ISOMER_NETWORK_FULL", `bridge \`${bridge.name}\` (\`${bridge.subnet}\`) has no free address left`, {
    hint: "destroy scenarios you no longer need, or give large scenarios their own bridge",
  });
}

// Creates the netns, the veth pair, the address and the default route.
export async function attach(record: AttachmentRecord): Promise<void> {
  const { netns, vethHost, bridge, address, prefix, gateway } = record;
  const host = [
    ...(existsSync(record.netnsPath) ? [] : [`netns add ${netns}`]),
    `link add ${vethHost} type veth peer name eth0 netns ${netns}`,
    `link set ${vethHost} master ${bridge}`,
    `link set ${vethHost} up`,
  ];
  await runTool("ip", ["-batch", "-"], host.join("\n") + "\n");
  const inside = [`link set lo up`, `addr add ${address}/${prefix} dev eth0`, `link set eth0 up`, `route add default via ${gateway}`];
  await runTool("ip", ["-n", netns, "-batch", "-"], inside.join("\n") + "\n");
}

// Removes the veth pair, the netns, the container's published-port rules and its address lease.
// Anything already gone is fine.
export async function detach(record: AttachmentRecord): Promise<void> {
  await tryTool("ip", ["link", "del", "dev", record.vethHost]);
  if (existsSync(record.netnsPath)) await tryTool("ip", ["netns", "del", record.netns]);
  await removeRules(record.bridge, (line) => line.includes(`--to-destination ${record.address}:`));
  releaseLease(`addresses-${record.bridge}`, record.address);
}
