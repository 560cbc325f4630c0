// mountPoint(path): a mount from /proc/self/mounts — exists, filesystem, device, options.
import type { Host } from "../host.js";

// One mount table entry.
export interface MountEntry { device: string; path: string; filesystem: string; options: string[] }

// Decode octal escapes (`\040` = space) of /proc/self/mounts fields.
const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

// Parse /proc/self/mounts.
export function parseMounts(text: string): MountEntry[] {
  return text.split("\n").filter(Boolean).map((line) => {
    const [device = "", path = "", filesystem = "", options = ""] = line.split(" ");
    return { device: unescape(device), path: unescape(path), filesystem, options: options.split(",") };
  });
}

// A mount point on the instance (the last mount on that path wins, as the kernel shows it).
export class MountPoint {
  constructor(readonly host: Host, readonly path: string) {}
  // `mount point \`/proc\``, for messages
  describe(): string { return `mount point \`${this.path}\``; }
  // the entry, or undefined when nothing is mounted there
  async entry(): Promise<MountEntry | undefined> {
    const all = parseMounts(await this.host.checkOutput("cat /proc/self/mounts"));
    return all.filter((m) => m.path === this.path).pop();
  }
  // something is mounted at the path
  get exists(): Promise<boolean> { return this.entry().then((e) => e !== undefined); }
  // filesystem type (`proc`, `overlay`, `ext4`)
  get filesystem(): Promise<string | undefined> { return this.entry().then((e) => e?.filesystem); }
  // mounted device or source
  get device(): Promise<string | undefined> { return this.entry().then((e) => e?.device); }
  // mount options (`rw`, `nosuid`, ...)
  get options(): Promise<string[]> { return this.entry().then((e) => e?.options ?? []); }
  // every mount of the instance
  static async all(host: Host): Promise<MountEntry[]> {
    return parseMounts(await host.checkOutput("cat /proc/self/mounts"));
  }
}
