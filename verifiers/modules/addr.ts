// addr(name): name resolution and reachability from the instance, and port(n) checks.
import type { Host } from "../host.js";
import { UnsupportedError } from "../errors.js";

// A host name or address as seen from the instance.
export class Addr {
  constructor(readonly host: Host, readonly name: string) {}
  // `addr \`example.org\``, for messages
  describe(): string { return `addr \`${this.name}\``; }
  // the name resolves (getent ahosts)
  get isResolvable(): Promise<boolean> {
    return this.host.run("getent ahosts %s", this.name).then((r) => r.exitCode === 0);
  }
  // every address the name resolves to
  get ipAddresses(): Promise<string[]> {
    return this.host.run("getent ahosts %s", this.name).then((r) => [...new Set(r.stdout.split("\n").map((l) => l.split(/\s+/)[0]!).filter(Boolean))]);
  }
  // one ping answers (needs `ping` on the instance)
  get isReachable(): Promise<boolean> {
    return this.host.run("command -v ping >/dev/null || exit 127; ping -W 1 -c 1 %s", this.name).then((r) => {
      if (r.exitCode === 127) throw new UnsupportedError(this.host.name, "`ping` is not installed, so isReachable cannot be checked", "install iputils-ping, or check a port with addr(name).port(n).isReachable");
      return r.exitCode === 0;
    });
  }
  // a TCP port of this address
  port(port: number): AddrPort {
    return new AddrPort(this, port);
  }
}

// A TCP port on an Addr: can the instance connect to it.
export class AddrPort {
  constructor(readonly addr: Addr, readonly port: number) {}
  // `addr \`example.org\` port 80`, for messages
  describe(): string { return `${this.addr.describe()} port ${this.port}`; }
  // a TCP connect succeeds within 2 s (bash /dev/tcp, else nc)
  get isReachable(): Promise<boolean> {
    const h = this.addr.host;
    return h
      .run(
        "if command -v bash >/dev/null; then timeout 2 bash -c 'exec 3<>/dev/tcp/$0/$1' %s %s; elif command -v nc >/dev/null; then nc -w 2 -z %s %s; else exit 127; fi",
        this.addr.name, this.port, this.addr.name, this.port,
      )
      .then((r) => {
        if (r.exitCode === 127) throw new UnsupportedError(h.name, "neither bash nor nc is installed, so a port cannot be checked");
        return r.exitCode === 0;
      });
  }
}
