// iptables: the rules of a table/chain as `iptables -S` prints them (testinfra Iptables).
import type { Host } from "../host.js";

// Firewall rules of the instance (needs root; use host.sudo() otherwise).
export class Iptables {
  constructor(readonly host: Host) {}
  // `iptables`, for messages
  describe(): string { return "iptables"; }
  // the `-S` lines of `table` (default filter), one `chain` or all, IPv4 or IPv6
  async rules(table = "filter", chain?: string, version: 4 | 6 = 4): Promise<string[]> {
    const bin = version === 6 ? "ip6tables" : "iptables";
    const out = chain === undefined ? await this.host.checkOutput(`${bin} -w -t %s -S`, table) : await this.host.checkOutput(`${bin} -w -t %s -S %s`, table, chain);
    return out.split("\n").filter(Boolean);
  }
}
