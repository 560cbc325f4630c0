// socket(url): is something listening on tcp://[host:]port, udp://[host:]port or unix:///path,
// and which clients are connected — from the kernel's /proc/net tables.
import type { Host } from "../host.js";
import { ConfigError } from "../../src/errors.js";
import { PROC_NET_COMMAND, parseProcNet, type InetEntry } from "./proc-net.js";

const TCP_ESTABLISHED = 0x01, TCP_LISTEN = 0x0a, UDP_UNCONN = 0x07, SO_ACCEPTCON = 0x10000, SOCK_DGRAM = 2;

// A parsed socket URL.
export interface SocketSpec { protocol: "tcp" | "udp" | "unix"; host?: string; port?: number; path?: string }

// Parse `tcp://22`, `tcp://0.0.0.0:22`, `tcp://[::]:22`, `udp://53`, `unix:///run/x.sock`.
export function parseSocketUrl(url: string): SocketSpec {
  const m = /^(tcp|udp|unix):\/\/(.+)$/.exec(url);
  if (!m) throw new ConfigError(`Expected a socket URL like \`tcp://22\` or \`unix:///path\`, got \`${url}\``);
  const protocol = m[1] as SocketSpec["protocol"];
  if (protocol === "unix") return { protocol, path: m[2] };
  const hp = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(m[2]!);
  if (hp) return { protocol, host: hp[1] ?? hp[2], port: Number(hp[3]) };
  if (/^\d+$/.test(m[2]!)) return { protocol, port: Number(m[2]) };
  throw new ConfigError(`Expected \`${protocol}://[host:]port\`, got \`${url}\``);
}

// A socket on the instance.
export class Socket {
  readonly spec: SocketSpec;
  constructor(readonly host: Host, readonly url: string) {
    this.spec = parseSocketUrl(url);
  }
  // `socket \`tcp://22\``, for messages
  describe(): string { return `socket \`${this.url}\``; }

  private async tables() {
    return parseProcNet((await this.host.runExpect([0], PROC_NET_COMMAND)).stdout);
  }
  private matchesLocal(e: InetEntry): boolean {
    const s = this.spec;
    if (e.proto !== s.protocol || e.localPort !== s.port) return false;
    if (s.host === undefined) return true;
    return e.local === s.host || e.local === `::ffff:${s.host}`;
  }
  // the socket is listening (tcp LISTEN, bound udp, or a unix socket accepting at that path)
  get isListening(): Promise<boolean> {
    return this.listening().then((l) => l.length > 0);
  }
  // listening sockets that match, as `proto://addr:port` (shown by matchers)
  async listening(): Promise<string[]> {
    const { inet, unix } = await this.tables();
    if (this.spec.protocol === "unix")
      return unix.filter((u) => u.path === this.spec.path && ((u.flags & SO_ACCEPTCON) !== 0 || u.type === SOCK_DGRAM)).map((u) => `unix://${u.path}`);
    const state = this.spec.protocol === "tcp" ? TCP_LISTEN : UDP_UNCONN;
    return inet.filter((e) => e.state === state && this.matchesLocal(e)).map((e) => `${e.proto}://${e.family === 6 ? `[${e.local}]` : e.local}:${e.localPort}`);
  }
  // every listening socket of the instance (for failure messages)
  async allListening(): Promise<string[]> {
    const { inet, unix } = await this.tables();
    return [
      ...inet.filter((e) => (e.proto === "tcp" ? e.state === TCP_LISTEN : e.state === UDP_UNCONN)).map((e) => `${e.proto}://${e.family === 6 ? `[${e.local}]` : e.local}:${e.localPort}`),
      ...unix.filter((u) => u.path && (u.flags & SO_ACCEPTCON) !== 0).map((u) => `unix://${u.path}`),
    ];
  }
  // [address, port] of every client connected to this tcp socket
  get clients(): Promise<Array<[string, number]>> {
    return this.tables().then(({ inet }) =>
      inet.filter((e) => e.proto === "tcp" && e.state === TCP_ESTABLISHED && this.matchesLocal(e)).map((e) => [e.remote, e.remotePort] as [string, number]),
    );
  }
}
