// Published ports: Docker's `published_ports` syntax parsed into mappings, made reachable on the
// host by DNAT rules (nat OUTPUT for the host's own connections, including 127.0.0.1, and nat
// PREROUTING for other machines), tagged with the bridge. We chose DNAT over a userland proxy
// because isomer has no daemon: rules need no process to outlive isomer between `create` and
// `destroy`, add no copy per byte, and go away with the bridge's other tagged rules.
import { createServer } from "node:net";
import { ConfigError } from "../../errors.js";
import { addRules, type Rule } from "./iptables.js";
import type { AttachmentRecord } from "./attach.js";

// One published port.
export interface PortMapping {
  hostIp: string; // "" = every host address
  hostPort: number;
  containerPort: number;
  protocol: "tcp" | "udp";
}

// One port of `published_ports` as written, parsed: the host port may be left to isomer.
export interface PortSpec {
  hostIp?: string; // without brackets for IPv6 (`::1`)
  hostPort?: number;
  containerPort: number;
  protocol: "tcp" | "udp";
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// The one grammar of a published port, Docker's `[ip:][hostPort:]containerPort[/proto]` with
// `[v6]:` addresses and ranges (`7000-7001:8000-8001` is two ports); a string says what is wrong.
export function parsePortSpecs(spec: string | number): PortSpec[] | string {
  const text = String(spec).trim();
  const [body, proto = "tcp", extra] = text.split("/");
  if (extra !== undefined || !["tcp", "udp"].includes(proto)) return `bad protocol in \`${text}\` (expected \`tcp\` or \`udp\`)`;
  let hostIp: string | undefined;
  let ports = body!;
  const v6 = /^\[([0-9a-fA-F:]+)\]:(.*)$/.exec(ports);
  if (v6) [hostIp, ports] = [v6[1], v6[2]!];
  const fields = ports.split(":");
  if (fields.length > 3 || (v6 && fields.length > 2)) return `too many \`:\` in \`${text}\` (expected \`[ip:][host:]container[/proto]\`)`;
  if (fields.length === 3) hostIp = fields.shift();
  if (hostIp !== undefined && !v6 && !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(hostIp)) return `bad host address \`${hostIp}\` in \`${text}\` (expected an IPv4 address, or an IPv6 one in brackets)`;
  const container = fields.pop()!;
  const host = fields.pop();
  const range = (s: string): [number, number] | undefined => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(s);
    if (!m) return undefined;
    const lo = Number(m[1]);
    const hi = Number(m[2] ?? m[1]);
    return lo >= 1 && hi <= 65535 && lo <= hi ? [lo, hi] : undefined;
  };
  const c = range(container);
  if (!c) return `bad container port \`${container}\` in \`${text}\` (expected 1-65535)`;
  const h = host ? range(host) : undefined;
  if (host && !h) return `bad host port \`${host}\` in \`${text}\` (expected 1-65535)`;
  if (h && h[1] - h[0] !== c[1] - c[0]) return `host and container port ranges differ in length in \`${text}\``;
  const out: PortSpec[] = [];
  for (let i = 0; i <= c[1] - c[0]; i++) {
    out.push({ hostIp: hostIp || undefined, hostPort: h ? h[0] + i : undefined, containerPort: c[0] + i, protocol: proto as "tcp" | "udp" });
  }
  return out;
}

// The mapping to publish for `spec`: `0.0.0.0` means every address, a missing host port a free one.
export async function portMapping(spec: PortSpec): Promise<PortMapping> {
  const hostIp = spec.hostIp === undefined || spec.hostIp === "0.0.0.0" ? "" : spec.hostIp;
  if (hostIp.includes(":")) throw new ConfigError(`IPv6 host address \`${hostIp}\`: isomer publishes ports on IPv4 only`, { hint: "publish on `127.0.0.1` instead" });
  return { hostIp, hostPort: spec.hostPort ?? (await freePort()), containerPort: spec.containerPort, protocol: spec.protocol };
}

// Parses one published port written as text (a range or a bad spec is a ConfigError).
export async function parsePublishedPort(spec: string | number): Promise<PortMapping> {
  const parsed = parsePortSpecs(spec);
  if (typeof parsed === "string") throw new ConfigError(`bad published port: ${parsed}`, { hint: "fix `published_ports` in molecule.yml" });
  if (parsed.length !== 1) throw new ConfigError(`Expected one published port, got the range \`${spec}\``);
  return portMapping(parsed[0]!);
}

// The DNAT rules that send each mapping's host port to `address`: nat OUTPUT for connections made
// on this host (127.0.0.1 included), nat PREROUTING as well unless the mapping is loopback-only.
export function portRules(address: string, mappings: PortMapping[]): Rule[] {
  return mappings.flatMap((mapping) => {
    const destination = mapping.hostIp ? ["-d", `${mapping.hostIp}/32`] : ["-m", "addrtype", "--dst-type", "LOCAL"];
    const match = [...destination, "-p", mapping.protocol, "-m", mapping.protocol, "--dport", String(mapping.hostPort)];
    const target = ["-j", "DNAT", "--to-destination", `${address}:${mapping.containerPort}`];
    const chains = mapping.hostIp.startsWith("127.") ? ["OUTPUT"] : ["OUTPUT", "PREROUTING"];
    return chains.map((chain) => ({ table: "nat" as const, op: "-A" as const, chain, args: [...match, ...target] }));
  });
}

// Adds the DNAT rules that forward each mapping's host port to the container.
export async function publishPorts(attachment: AttachmentRecord, mappings: PortMapping[]): Promise<void> {
  await addRules(attachment.bridge, portRules(attachment.address, mappings));
}
