// Chooses a private /24 for a bridge that collides with none of the host's routes or addresses
// and with no subnet another isomer bridge holds (leases), starting from a place derived from the
// bridge name so that the same scenario usually gets the same subnet.
import { createHash } from "node:crypto";
import { IsomerError } from "../../errors.js";
import { runTool } from "./run.js";
import { listLeases, releaseLease, takeLease } from "./leases.js";

// A /24 network in dotted form (`10.213.7.0/24`) with its gateway (`.1`).
export interface Subnet {
  cidr: string;
  gateway: string;
  prefix: number;
}

const SUBNET_LEASES = "subnets";

// [first, last] address of a CIDR as unsigned 32-bit numbers.
export function cidrRange(cidr: string): [number, number] {
  const [address, bits = "32"] = cidr.split("/");
  const value = address.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
  const size = 2 ** (32 - Number(bits));
  const first = value - (value % size);
  return [first, first + size - 1];
}

// True when the two CIDRs share at least one address.
export function overlaps(a: string, b: string): boolean {
  const [a1, a2] = cidrRange(a);
  const [b1, b2] = cidrRange(b);
  return a1 <= b2 && b1 <= a2;
}

// The host's IPv4 routes and interface networks, as CIDRs, without the default route.
export async function hostNetworks(): Promise<string[]> {
  const routes = JSON.parse((await runTool("ip", ["-j", "-4", "route", "show", "table", "all"])).stdout || "[]");
  const cidrs: string[] = [];
  for (const route of routes as Array<{ dst?: string; type?: string }>) {
    if (!route.dst || route.dst === "default" || route.type === "broadcast") continue;
    const dst = route.dst.includes("/") ? route.dst : `${route.dst}/32`;
    if (!dst.startsWith("127.")) cidrs.push(dst);
  }
  return cidrs;
}

// The n-th candidate after `start`: 10.200.0.0/24 .. 10.239.255.0/24 (10,240 subnets).
function candidate(start: number, n: number): string {
  const index = (start + n) % (40 * 256);
  return `10.${200 + Math.floor(index / 256)}.${index % 256}.0/24`;
}

// The /24s `key` tries, in order, that overlap none of the `taken` networks: every candidate once,
// from a start derived from `key`, so that the same key usually gets the same subnet.
export function* freeSubnets(key: string, taken: string[]): Generator<string> {
  const start = parseInt(createHash("sha256").update(key).digest("hex").slice(0, 8), 16) % (40 * 256);
  for (let n = 0; n < 40 * 256; n++) {
    const cidr = candidate(start, n);
    if (!taken.some((other) => overlaps(cidr, other))) yield cidr;
  }
}

// Leases a free /24 for `bridge` (or returns the one it already holds) and returns it.
export async function allocateSubnet(bridge: string): Promise<Subnet> {
  for (const [name, owner] of listLeases(SUBNET_LEASES)) if (owner === bridge) return toSubnet(name.replace("_", "/"));
  for (const cidr of freeSubnets(bridge, await hostNetworks()))
    if (takeLease(SUBNET_LEASES, cidr.replace("/", "_"), bridge)) return toSubnet(cidr);
  throw new IsomerError("ISOMER_NETWORK_SUBNET", "no free /24 left in `10.200.0.0/13` for a scenario bridge", {
    hint: "destroy scenarios you no longer need (`isomer destroy --all`)",
  });
}

// Releases the subnet lease of `bridge` (already free is fine).
export function releaseSubnet(bridge: string): void {
  for (const [name, owner] of listLeases(SUBNET_LEASES)) if (owner === bridge) releaseLease(SUBNET_LEASES, name);
}

// A Subnet from its CIDR: gateway is the first host address.
export function toSubnet(cidr: string): Subnet {
  const [first] = cidrRange(cidr);
  return { cidr, gateway: numberToIp(first + 1), prefix: Number(cidr.split("/")[1]) };
}

// Dotted IPv4 address of an unsigned 32-bit number.
export function numberToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}
