// interface(name): a network interface — exists, addresses, speed, mtu (from /sys and `ip`).
import type { Host } from "../host.js";

// A network interface on the instance.
export class Interface {
  constructor(readonly host: Host, readonly name: string) {}
  // `interface \`eth0\``, for messages
  describe(): string { return `interface \`${this.name}\``; }
  // the interface exists
  get exists(): Promise<boolean> {
    return this.host.run("test -e /sys/class/net/%s", this.name).then((r) => r.exitCode === 0);
  }
  // its IPv4 and IPv6 addresses, without prefix length
  get addresses(): Promise<string[]> {
    return this.host
      .checkOutput("ip -o addr show dev %s", this.name)
      .then((out) => [...out.matchAll(/\binet6? ([0-9a-fA-F.:]+)\//g)].map((m) => m[1]!));
  }
  // link speed in Mb/s (throws where the driver reports none, e.g. virtual links)
  get speed(): Promise<number> {
    return this.host.checkOutput("cat /sys/class/net/%s/speed", this.name).then(Number);
  }
  // maximum transmission unit
  get mtu(): Promise<number> {
    return this.host.checkOutput("cat /sys/class/net/%s/mtu", this.name).then(Number);
  }
  // every interface name of the instance
  static async names(host: Host): Promise<string[]> {
    return (await host.checkOutput("ls -1 /sys/class/net")).split("\n").filter(Boolean);
  }
}
