// The files a container's resolver reads, written by isomer as Docker does: /etc/hosts listing
// every instance of the scenario (names resolvable from each other), /etc/resolv.conf from the
// host's, and /etc/hostname.
import { readFileSync } from "node:fs";

// One line of /etc/hosts: an address and the names it answers to.
export interface HostEntry {
  address: string;
  names: string[];
}

// /etc/hosts for a container named `self`: localhost lines, every instance, then extra entries.
export function renderHosts(self: string, instances: HostEntry[], extra: HostEntry[] = []): string {
  const lines = ["127.0.0.1\tlocalhost", "::1\tlocalhost ip6-localhost ip6-loopback", "ff02::1\tip6-allnodes", "ff02::2\tip6-allrouters"];
  if (!instances.some((entry) => entry.names.includes(self))) lines.push(`127.0.1.1\t${self}`);
  for (const entry of [...instances, ...extra]) lines.push(`${entry.address}\t${entry.names.join(" ")}`);
  return lines.join("\n") + "\n";
}

// /etc/resolv.conf: `dnsServers` when given, else the host's file without loopback nameservers
// (a stub resolver on the host's 127.0.0.x is unreachable from a container's own netns), falling
// back to the host's file unchanged when the container shares the host's network.
export function renderResolvConf(options: { dnsServers?: string[]; hostNetwork?: boolean; hostFile?: string } = {}): string {
  const host = readResolvConf(options.hostFile ?? "/etc/resolv.conf");
  if (options.dnsServers && options.dnsServers.length > 0) {
    const others = host.split("\n").filter((line) => /^\s*(search|domain|options)\b/.test(line));
    return [...options.dnsServers.map((server) => `nameserver ${server}`), ...others].join("\n") + "\n";
  }
  if (options.hostNetwork) return host;
  const kept = host.split("\n").filter((line) => !/^\s*nameserver\s+(127\.|::1\b)/.test(line));
  const hasServer = kept.some((line) => /^\s*nameserver\s/.test(line));
  return (hasServer ? kept.join("\n") : [...kept, "nameserver 1.1.1.1"].join("\n")).replace(/\n*$/, "\n");
}

function readResolvConf(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
