// Names of the kernel objects isomer creates for networking, all derived from stable keys so that
// destroy can find them again, and all within the kernel's 15-character interface name limit.
import { createHash } from "node:crypto";

function hex(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

// Name of the shared bridge that scenarios asking for `shared` join.
export const SHARED_BRIDGE = "isom-shared";

// The bridge of one scenario: `isom-` + 10 hex chars of the key (e.g. the ephemeral directory).
export function bridgeName(key: string): string {
  return `isom-${hex(key, 10)}`;
}

// The host side of a container's veth pair: `isv-` + 11 hex chars of the container id.
export function vethHostName(containerId: string): string {
  return `isv-${hex(containerId, 11)}`;
}

// The named network namespace of a container (`ip netns` name, a file under /run/netns).
export function netnsName(containerId: string): string {
  return containerId.length <= 64 ? containerId : `isomer-${hex(containerId, 20)}`;
}

// The path the runtime spec gives as the container's network namespace.
export function netnsPath(name: string): string {
  return `/run/netns/${name}`;
}

// The comment every iptables rule of `bridge` carries, so cleanup removes exactly ours.
export function ruleTag(bridge: string): string {
  return `isomer:${bridge}`;
}

// The rootless network of a scenario: `isomer-net-` + 10 hex chars of the key (its directory of pid
// files carries this name, and so do its processes' command lines).
export function rootlessNetworkName(key: string): string {
  return `isomer-net-${hex(key, 10)}`;
}

// argv[0] prefix of a rootless network's holder process, followed by the network's directory, so
// that `ps` and the leftovers check see it and destroy can tell it from a process that reused its PID.
export const HOLDER_PROCESS = "isomer-net-holder";
