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
// (a stub resolver on the host's 127.0.0.x is unreachable from a container's own netns); when
// that leaves none, systemd-resolved's list of upstream servers, as Docker does. A container on
// the host's network gets the host's file unchanged.
export function renderResolvConf(options: { dnsServers?: string[]; hostNetwork?: boolean; hostFile?: string; upstreamFile?: string } = {}): string {
  const host = readResolvConf(options.hostFile ?? "/etc/resolv.conf");
  const lines = host.split("\n").filter((line) => line.trim() !== "");
  if (options.dnsServers && options.dnsServers.length > 0) {
    const others = lines.filter((line) => /^\s*(search|domain|options)\b/.test(line));
    return [...options.dnsServers.map((server) => `nameserver ${server}`), ...others].join("\n") + "\n";
  }
  if (options.hostNetwork) return host;
  const kept = lines.filter((line) => !/^\s*nameserver\s+(127\.|::1\b)/.test(line));
  if (kept.some((line) => /^\s*nameserver\s/.test(line))) return kept.join("\n") + "\n";
  const upstream = readResolvConf(options.upstreamFile ?? "/run/systemd/resolve/resolv.conf").split("\n")
    .filter((line) => /^\s*nameserver\s/.test(line) && !/\s(127\.|::1\b)/.test(line));
  return [...kept, ...upstream].join("\n") + "\n";
}

function readResolvConf(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
