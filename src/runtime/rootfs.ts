// The container's root filesystem: read-only layer directories stacked with overlayfs under a
// per-container upper/work pair, mounted at bundle/rootfs. Nothing is copied, whatever the size.
import { mkdirSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { IsomerError } from "../errors.js";
import { mountEntries } from "../util/mountinfo.js";
import { runProcess } from "../util/process.js";

// mount(2) copies its data argument into one page: the option string must stay below this.
export const MOUNT_DATA_MAX = 4095;

// Options a build step's rootfs adds: no redirects, index or metacopy, so that the upper dir holds
// plain files and is a complete diff of the step.
export const PLAIN_UPPER_OPTIONS = ["redirect_dir=off", "index=off", "metacopy=off"];

// Build the overlay option string (with `extra` options after the dirs); lowerdirs are made
// relative to `cwd` (their common parent) so that long layer lists fit in a page. Returns the
// options and the cwd to mount from.
export function overlayOptions(lowerDirs: string[], upper: string, work: string, extra: string[] = []): { options: string; cwd: string } {
  if (lowerDirs.length === 0) throw new IsomerError("ISOMER_ROOTFS", "Expected at least one layer directory for the overlay rootfs, got none");
  const absolute = lowerDirs.map((d) => resolve(d));
  const cwd = commonParent(absolute);
  // overlayfs lists the topmost layer first; callers give the lowest first (image order)
  const lower = absolute.map((d) => relative(cwd, d) || ".").reverse();
  const options = [`lowerdir=${lower.join(":")}`, `upperdir=${resolve(upper)}`, `workdir=${resolve(work)}`, ...extra].join(",");
  if (options.length > MOUNT_DATA_MAX) {
    throw new IsomerError("ISOMER_ROOTFS", `Overlay options for ${lowerDirs.length} layers are ${options.length} bytes, more than mount(2) takes (\`${MOUNT_DATA_MAX}\`)`, {
      hint: "keep unpacked layers under one directory ($ISOMER_HOME/layers) or squash the image",
    });
  }
  for (const d of lower) if (d.includes(":") || d.includes(",")) throw new IsomerError("ISOMER_ROOTFS", `Layer path \`${d}\` contains \`:\` or \`,\`, which overlayfs options cannot carry`);
  return { options, cwd };
}

function commonParent(paths: string[]): string {
  let parent = dirname(paths[0]!);
  while (!paths.every((p) => p.startsWith(parent.endsWith("/") ? parent : parent + "/"))) parent = dirname(parent);
  return parent;
}

// The annotation whose value makes isomer-runtime mount the rootfs itself, inside the container's
// user + mount namespaces (rootless: an ordinary user can mount overlayfs only there).
export const ROOTFS_OVERLAY_ANNOTATION = "dev.isomer.rootfs.overlay";

// The layers of an overlay rootfs: read-only directories (lowest first), the container's upper/work.
export interface OverlayLayers {
  lowerDirs: string[];
  upper: string;
  work: string;
}

// The overlay options for ROOTFS_OVERLAY_ANNOTATION: absolute paths, the topmost layer first (the
// runtime adds `userxattr` in a user namespace, so room for it is kept).
export function overlayAnnotation({ lowerDirs, upper, work }: OverlayLayers): string {
  if (lowerDirs.length === 0) throw new IsomerError("ISOMER_ROOTFS", "Expected at least one layer directory for the overlay rootfs, got none");
  const all = [...lowerDirs, upper, work].map((d) => resolve(d));
  for (const d of all) if (d.includes(":") || d.includes(",")) throw new IsomerError("ISOMER_ROOTFS", `Layer path \`${d}\` contains \`:\` or \`,\`, which overlayfs options cannot carry`);
  const options = `lowerdir=${all.slice(0, -2).reverse().join(":")},upperdir=${all.at(-2)},workdir=${all.at(-1)}`;
  if (options.length + ",userxattr".length > MOUNT_DATA_MAX)
    throw new IsomerError("ISOMER_ROOTFS", `Overlay options for ${lowerDirs.length} layers are ${options.length} bytes, more than mount(2) takes (\`${MOUNT_DATA_MAX}\`)`, { hint: "squash the image into fewer layers" });
  return options;
}

// Mount the overlay of `lowerDirs` (lowest first) with `upper`/`work` at `target`; `extra` mount
// options (PLAIN_UPPER_OPTIONS for a build step) come after the dirs.
export async function mountOverlay(lowerDirs: string[], upper: string, work: string, target: string, extra: string[] = []): Promise<void> {
  for (const d of [upper, work, target]) mkdirSync(d, { recursive: true });
  const { options, cwd } = overlayOptions(lowerDirs, upper, work, extra);
  const r = await runProcess("mount", ["-t", "overlay", "overlay", "-o", options, target], { cwd });
  if (r.exitCode !== 0) {
    throw new IsomerError("ISOMER_ROOTFS", `Cannot mount the overlay rootfs at \`${target}\`: ${r.stderr.trim()}`, {
      hint: "isomer must run as root on a kernel with overlayfs; check `dmesg` for overlayfs messages",
    });
  }
}

// True when `target` is a mount point in this mount namespace.
export function isMounted(target: string): boolean {
  const want = resolve(target);
  return mountEntries().some((m) => m.mountPoint === want);
}

// Unmount the rootfs at `target` (no-op when not mounted); falls back to a lazy unmount if busy.
export async function unmountRootfs(target: string): Promise<void> {
  if (!isMounted(target)) return;
  const r = await runProcess("umount", [target]);
  if (r.exitCode === 0) return;
  const lazy = await runProcess("umount", ["-l", target]);
  if (lazy.exitCode !== 0) {
    throw new IsomerError("ISOMER_ROOTFS", `Cannot unmount \`${target}\`: ${r.stderr.trim()}`, { hint: "a process may still use it; see `fuser -vm " + target + "`" });
  }
}
