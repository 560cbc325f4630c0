// Parse /proc/net/{tcp,tcp6,udp,udp6,unix}: the kernel's socket tables, present on every Linux
// (no ss or netstat needed inside a minimal container).

// One inet socket: protocol, local and remote address/port, kernel state code (0A = LISTEN).
export interface InetEntry { proto: "tcp" | "udp"; family: 4 | 6; local: string; localPort: number; remote: string; remotePort: number; state: number }
// One unix socket: path (may be empty), flags, type, state.
export interface UnixEntry { path: string; flags: number; type: number; state: number }

// The shell command that prints every table, each after a `# name` line.
export const PROC_NET_COMMAND = "for t in tcp tcp6 udp udp6 unix; do echo \"# $t\"; cat /proc/net/$t 2>/dev/null; done";

// Decode a /proc/net hex address (little-endian words) to dotted or colon notation.
export function decodeAddress(hex: string): string {
  if (hex.length === 8) return [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join(".");
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) for (const i of [3, 2, 1, 0]) bytes.push(parseInt(hex.slice(w * 8 + i * 2, w * 8 + i * 2 + 2), 16));
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return `::ffff:${bytes.slice(12).join(".")}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return compressV6(groups);
}

function compressV6(groups: string[]): string {
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== "0") { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  if (bestLen < 2) return groups.join(":");
  return `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLen).join(":")}`;
}

// Parse the output of PROC_NET_COMMAND.
export function parseProcNet(text: string): { inet: InetEntry[]; unix: UnixEntry[] } {
  const inet: InetEntry[] = [];
  const unix: UnixEntry[] = [];
  let table = "";
  for (const line of text.split("\n")) {
    const t = /^# (\w+)$/.exec(line);
    if (t) { table = t[1]!; continue; }
    const f = line.trim().split(/\s+/);
    if (table === "unix") {
      if (!/^[0-9a-f]+:$/i.test(f[0] ?? "")) continue;
      unix.push({ flags: parseInt(f[3]!, 16), type: parseInt(f[4]!, 16), state: parseInt(f[5]!, 16), path: f[7] ?? "" });
      continue;
    }
    if (!/^\d+:$/.test(f[0] ?? "") || !f[1] || !f[2]) continue;
    const [la, lp] = f[1].split(":");
    const [ra, rp] = f[2].split(":");
    inet.push({
      proto: table.startsWith("tcp") ? "tcp" : "udp", family: table.endsWith("6") ? 6 : 4,
      local: decodeAddress(la!), localPort: parseInt(lp!, 16), remote: decodeAddress(ra!), remotePort: parseInt(rp!, 16), state: parseInt(f[3]!, 16),
    });
  }
  return { inet, unix };
}
