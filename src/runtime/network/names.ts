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
