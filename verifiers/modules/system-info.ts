// systemInfo: kernel type, distribution, release, codename, architecture (testinfra SystemInfo).
import type { Host } from "../host.js";

// What the instance runs, read once per host and cached.
export interface SystemInfo {
  type: string; // `linux`
  distribution: string; // os-release ID: `debian`, `ubuntu`, `alpine`, `rocky`
  release: string; // VERSION_ID: `12`
  codename?: string; // VERSION_CODENAME: `bookworm`
  arch: string; // uname -m: `x86_64`
  idLike: string[]; // ID_LIKE words: `rhel fedora`
}

// Parse os-release `KEY=value` lines (quotes removed).
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!.replace(/^(["'])(.*)\1$/, "$2");
  }
  return out;
}

// The instance's SystemInfo (one command, cached on the host).
export function systemInfo(host: Host): Promise<SystemInfo> {
  return host.memo("systemInfo", async () => {
    const out = await host.checkOutput("uname -s; uname -m; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null || true");
    const [kernel = "", arch = "", ...rest] = out.split("\n");
    const os = parseOsRelease(rest.join("\n"));
    return {
      type: kernel.toLowerCase(),
      distribution: (os.ID ?? "unknown").toLowerCase(),
      release: os.VERSION_ID ?? "",
      codename: os.VERSION_CODENAME || undefined,
      arch,
      idLike: (os.ID_LIKE ?? "").split(/\s+/).filter(Boolean),
    };
  });
}
