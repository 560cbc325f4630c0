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

// Parses `[hostIp:][hostPort:]containerPort[/proto]`; a missing host port takes a free one.
export async function parsePublishedPort(spec: string | number): Promise<PortMapping> {
  const text = String(spec);
  const match = /^(?:(\d{1,3}(?:\.\d{1,3}){3}):)?(?:(\d*):)?(\d+)(?:\/(tcp|udp))?$/.exec(text);
  if (!match)
    throw new ConfigError(`Expected a published port like \`8080:80\` or \`127.0.0.1:8080:80/tcp\`, got \`${text}\``, {
      hint: "fix `published_ports` in molecule.yml",
    });
  const [, hostIp = "", hostPort, containerPort, protocol = "tcp"] = match;
  return {
    hostIp: hostIp === "0.0.0.0" ? "" : hostIp,
    hostPort: hostPort ? Number(hostPort) : await freePort(),
    containerPort: Number(containerPort),
    protocol: protocol as "tcp" | "udp",
  };
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
