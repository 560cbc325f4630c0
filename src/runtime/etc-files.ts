// /etc/hostname, /etc/hosts and /etc/resolv.conf written into the mounted rootfs (so into the
// container's upper layer), as Docker does: an image's copies of its build host's are never used.
import { lstatSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { IsomerError } from "../errors.js";

// What to write; `hosts` lines are extra "ADDRESS NAME..." entries (instances of the scenario).
export interface EtcFiles {
  hostname: string;
  hosts?: string[];
  resolvConf?: string; // default: the host's /etc/resolv.conf
}

// The /etc/hosts text Docker writes, plus `hostname` on 127.0.1.1 unless an entry names it.
export function hostsFileText(hostname: string, extra: string[] = []): string {
  const lines = [
    "127.0.0.1\tlocalhost", "::1\tlocalhost ip6-localhost ip6-loopback", "fe00::0\tip6-localnet",
    "ff00::0\tip6-mcastprefix", "ff02::1\tip6-allnodes", "ff02::2\tip6-allrouters",
  ];
  const named = extra.some((l) => l.split(/\s+/).slice(1).includes(hostname));
  if (!named) lines.push(`127.0.1.1\t${hostname}`);
  return [...lines, ...extra].join("\n") + "\n";
}

// Write the three files into `rootfs`/etc, replacing (never following) what the image has there.
export function writeEtcFiles(rootfs: string, files: EtcFiles): void {
  const etc = join(rootfs, "etc");
  let isDir = false;
  try { isDir = lstatSync(etc).isDirectory(); } catch { /* missing: refused below */ }
  if (!isDir) throw new IsomerError("ISOMER_ROOTFS", `Expected \`/etc\` in the image at \`${rootfs}\` to be a directory`, { hint: "the image looks broken or is not a Linux rootfs" });
  const content: Record<string, string> = {
    hostname: files.hostname + "\n",
    hosts: hostsFileText(files.hostname, files.hosts),
    "resolv.conf": files.resolvConf ?? readFileSync("/etc/resolv.conf", "utf8"),
  };
  for (const [name, text] of Object.entries(content)) {
    const path = join(etc, name);
    rmSync(path, { force: true }); // a symlink (e.g. to systemd-resolved's stub) is removed, not followed
    writeFileSync(path, text, { mode: 0o644, flag: "wx" });
  }
}
