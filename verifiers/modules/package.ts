// package(name): installed or not, version, release — dpkg, rpm, apk or pacman, chosen per OS.
import type { Host } from "../host.js";
import { UnsupportedError } from "../errors.js";
import { systemInfo } from "./system-info.js";

type Manager = "dpkg" | "rpm" | "apk" | "pacman";
const BY_DISTRO: Record<string, Manager> = {
  debian: "dpkg", ubuntu: "dpkg", raspbian: "dpkg", rhel: "rpm", centos: "rpm", fedora: "rpm", rocky: "rpm",
  almalinux: "rpm", ol: "rpm", amzn: "rpm", opensuse: "rpm", sles: "rpm", suse: "rpm", alpine: "apk", arch: "pacman", manjaro: "pacman",
};
const TOOL: Record<Manager, string> = { dpkg: "dpkg-query", rpm: "rpm", apk: "apk", pacman: "pacman" };

// The package manager of the instance: by os-release ID/ID_LIKE, else the first tool found.
export function packageManager(host: Host): Promise<Manager> {
  return host.memo("packageManager", async () => {
    const info = await systemInfo(host);
    for (const id of [info.distribution, ...info.idLike]) if (BY_DISTRO[id]) return BY_DISTRO[id]!;
    for (const m of Object.keys(TOOL) as Manager[]) if (await host.exists(TOOL[m])) return m;
    throw new UnsupportedError(host.name, `no known package manager (dpkg, rpm, apk, pacman) on \`${info.distribution}\``);
  });
}

interface Query { installed: boolean; version?: string; release?: string; raw: string }

// A package on the instance.
export class Package {
  constructor(readonly host: Host, readonly name: string) {}
  // `package \`nginx\``, for messages
  describe(): string { return `package \`${this.name}\``; }

  // one query with everything (installed, version, release) — what matchers show on failure
  async query(): Promise<Query> {
    const h = this.host;
    switch (await packageManager(h)) {
      case "dpkg": {
        const r = await h.run("dpkg-query -f '${Status}\\t${Version}' -W %s", this.name);
        const [status = "", version = ""] = r.stdout.split("\t");
        const installed = r.exitCode === 0 && /^(install|hold) ok installed$/.test(status);
        return { installed, version: installed ? version : undefined, raw: (r.stdout || r.stderr).trim() };
      }
      case "rpm": {
        const r = await h.run("rpm -q --queryformat '%%{VERSION}\\t%%{RELEASE}' %s", this.name);
        const [version, release] = r.stdout.split("\t");
        return { installed: r.exitCode === 0, version: r.exitCode === 0 ? version : undefined, release: r.exitCode === 0 ? release : undefined, raw: (r.stdout || r.stderr).trim() };
      }
      case "apk": {
        const r = await h.run("apk -e -v info %s", this.name);
        const full = r.stdout.trim().slice(this.name.length + 1);
        const m = /^(.*)-(r\d+)$/.exec(full);
        return { installed: r.exitCode === 0, version: r.exitCode === 0 ? (m?.[1] ?? full) : undefined, release: m?.[2], raw: (r.stdout || r.stderr).trim() };
      }
      case "pacman": {
        const r = await h.run("pacman -Q %s", this.name);
        const full = r.stdout.trim().split(/\s+/)[1] ?? "";
        const m = /^(.*)-(\d+)$/.exec(full);
        return { installed: r.exitCode === 0, version: r.exitCode === 0 ? (m?.[1] ?? full) : undefined, release: m?.[2], raw: (r.stdout || r.stderr).trim() };
      }
    }
  }
  // the package is installed
  get isInstalled(): Promise<boolean> { return this.query().then((q) => q.installed); }
  // the installed version (throws when not installed)
  get version(): Promise<string> { return this.query().then((q) => this.must(q, q.version, "version")); }
  // the release part (rpm, apk, pacman; dpkg has none and throws)
  get release(): Promise<string> { return this.query().then((q) => this.must(q, q.release, "release")); }

  private must(q: Query, value: string | undefined, what: string): string {
    if (!q.installed) throw new UnsupportedError(this.host.name, `${this.describe()} is not installed, so it has no ${what} (found: ${q.raw || "nothing"})`);
    if (value === undefined) throw new UnsupportedError(this.host.name, `${this.describe()}: this package manager records no ${what}`);
    return value;
  }
}
