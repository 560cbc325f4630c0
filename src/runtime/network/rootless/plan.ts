// A rootless scenario network, planned before anything exists so that state records it first:
// its subnet, every instance's address (the driver writes /etc/hosts from them before any bundle),
// the host ports pasta forwards and the directory that will hold the processes' pid files. The
// network lives in a netns of its own (the holder's), so it cannot collide with another scenario's
// or with root-mode bridges: no leases, only the host's own networks are avoided (pasta copies the
// host's outbound address and default route into that netns).
import { join } from "node:path";
import { ConfigError, IsomerError } from "../../../errors.js";
import { cidrRange, freeSubnets, hostNetworks, numberToIp, toSubnet } from "../subnet.js";
import { rootlessNetworkName, vethHostName } from "../names.js";
import type { PortMapping } from "../ports.js";

// The bridge inside the holder's netns (private to it, so one fixed name serves every scenario).
export const HOLDER_BRIDGE = "isomer0";

// The address instances send DNS queries to (podman's choice): pasta answers it from the host's resolver.
export const DNS_FORWARDER = "169.254.1.1";

// A process isomer started: its PID and, once read, its start time (field 22 of /proc/PID/stat).
export interface ProcessRef {
  pid: number;
  startTime?: string;
}

// One published port: pasta listens on the host's hostIp:hostPort and the holder sends it on to address:containerPort.
export interface PortForward extends PortMapping {
  instance: string;
  address: string;
}

// Everything about a rootless network that state records (plain JSON). `holder`, `pasta` and
// `hostLoopback` are filled in by createRootlessNetwork; destroy also works without them.
export interface RootlessNetworkRecord {
  name: string;
  dir: string; // created and removed by the network: pid files of the holder and of pasta
  subnet: string;
  gateway: string;
  prefix: number;
  bridge: string;
  dns: string;
  forwards: PortForward[];
  holder?: ProcessRef;
  pasta?: ProcessRef;
  hostLoopback?: string; // where instances reach the host's 127.0.0.1 (pasta maps its gateway there)
}

// One instance's place on the network: attachRootless wires it between `create` and `start`.
export interface RootlessAttachmentRecord {
  instance: string;
  vethHost: string; // the veth end on the holder's bridge
  address: string;
  prefix: number;
  gateway: string;
}

// An instance to plan for: its container id and the ports it publishes.
export interface RootlessInstance {
  id: string;
  ports?: PortMapping[];
}

// The plan: the network's record and one attachment per instance, in the order given.
export interface RootlessPlan {
  network: RootlessNetworkRecord;
  attachments: RootlessAttachmentRecord[];
}

// Plans a network for `instances` named after `key`, in `dir`, avoiding the `taken` networks.
export function planNetwork(key: string, dir: string, instances: RootlessInstance[], taken: string[]): RootlessPlan {
  const cidr = freeSubnets(key, taken).next().value;
  if (!cidr) throw new IsomerError("ISOMER_NETWORK_SUBNET", "every /24 of `10.200.0.0/13` overlaps a network of this host: no subnet left for a rootless scenario network");
  const subnet = toSubnet(cidr);
  const [first, last] = cidrRange(cidr);
  if (instances.length > last - first - 2)
    throw new ConfigError(`a scenario network holds at most ${last - first - 2} instances, got ${instances.length}`, { hint: "split the platforms over several scenarios" });
  const attachments = instances.map((instance, index) => ({
    instance: instance.id, vethHost: vethHostName(instance.id), address: numberToIp(first + 2 + index), prefix: subnet.prefix, gateway: subnet.gateway,
  }));
  const forwards = instances.flatMap((instance, index) => (instance.ports ?? []).map((port) => ({ ...port, instance: instance.id, address: attachments[index]!.address })));
  const seen = new Map<string, string>();
  for (const forward of forwards) {
    const key = `${forward.protocol}/${forward.hostPort}`;
    const other = seen.get(key);
    if (other !== undefined)
      throw new ConfigError(`host port \`${forward.hostPort}/${forward.protocol}\` is published twice (by \`${other}\` and \`${forward.instance}\`)`, { hint: "give each published port its own host port in `published_ports`" });
    seen.set(key, forward.instance);
  }
  const network = { name: rootlessNetworkName(key), dir, subnet: cidr, gateway: subnet.gateway, prefix: subnet.prefix, bridge: HOLDER_BRIDGE, dns: DNS_FORWARDER, forwards };
  return { network, attachments };
}

// Plans the rootless network of a scenario: `key` names it (e.g. the ephemeral directory); the
// network keeps its pid files in `<parent>/<its name>`, which it creates and removes (so the name,
// `isomer-net-...`, shows in its processes' command lines).
export async function planRootlessNetwork(options: { key: string; parent: string; instances: RootlessInstance[] }): Promise<RootlessPlan> {
  return planNetwork(options.key, join(options.parent, rootlessNetworkName(options.key)), options.instances, await hostNetworks());
}
