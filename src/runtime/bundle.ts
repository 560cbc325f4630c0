// A container's bundle directory, $ISOMER_HOME/containers/<id>: config.json, rootfs/ (the overlay
// mount point), upper/ and work/. Created before the runtime's `create`, removed after `delete`.
// As root the overlay is mounted here; a spec with ROOTFS_OVERLAY_ANNOTATION (rootless) has the
// runtime mount it inside the container's namespaces, and the /etc files go into upper/ instead.
import { mkdirSync } from "node:fs";
import { writeFileAtomicSync } from "../util/atomic-write.js";
import { join } from "node:path";
import { containersDir } from "../util/paths.js";
import { ConfigError } from "../errors.js";
import type { OciSpec } from "./oci-types.js";
import { isMounted, mountOverlay, ROOTFS_OVERLAY_ANNOTATION, unmountRootfs } from "./rootfs.js";
import { removeTree } from "../util/remove-tree.js";
import { writeEtcFiles, type EtcFiles } from "./etc-files.js";

// Paths of one bundle.
export interface Bundle {
  id: string;
  dir: string;
  rootfs: string;
  upper: string;
  work: string;
  configPath: string;
}

// Container ids the runtimes accept (crun's validate_id): letters, digits, `_.-`, not leading `.`.
export function validateContainerId(id: string): void {
  if (!/^[A-Za-z0-9_+-][A-Za-z0-9_.+-]*$/.test(id) || id.length > 128) {
    throw new ConfigError(`Expected a container id of letters, digits and \`_.+-\`, got \`${id}\``);
  }
}

// The paths of bundle `id` under `base` (default $ISOMER_HOME/containers).
export function bundlePaths(id: string, base = containersDir()): Bundle {
  validateContainerId(id);
  const dir = join(base, id);
  return { id, dir, rootfs: join(dir, "rootfs"), upper: join(dir, "upper"), work: join(dir, "work"), configPath: join(dir, "config.json") };
}

// Options of createBundle.
export interface CreateBundleOptions {
  spec: OciSpec;
  layers: string[]; // read-only layer dirs, lowest first
  etc?: EtcFiles; // write hostname/hosts/resolv.conf into the rootfs
  base?: string;
}

// Create the bundle dir, mount the overlay rootfs, write /etc files and config.json (atomically).
export async function createBundle(id: string, o: CreateBundleOptions): Promise<Bundle> {
  const b = bundlePaths(id, o.base);
  if (isMounted(b.rootfs)) throw new ConfigError(`Container \`${id}\` already has a bundle at \`${b.dir}\``, { hint: "destroy it first, or choose another id" });
  mkdirSync(b.dir, { recursive: true });
  try {
    if (o.spec.annotations?.[ROOTFS_OVERLAY_ANNOTATION] !== undefined) {
      for (const d of [b.rootfs, b.work, join(b.upper, "etc")]) mkdirSync(d, { recursive: true, mode: 0o755 });
      if (o.etc) writeEtcFiles(b.upper, o.etc);
    } else {
      await mountOverlay(o.layers, b.upper, b.work, b.rootfs);
      if (o.etc) writeEtcFiles(b.rootfs, o.etc);
    }
    writeSpec(b, o.spec);
  } catch (e) {
    await removeBundle(id, o.base).catch(() => undefined);
    throw e;
  }
  return b;
}

// Write config.json of bundle `b` (atomic write). An unlimited rlimit (Infinity) is written as
// RLIM_INFINITY, 2^64-1, which a JS number cannot hold exactly.
export function writeSpec(b: Bundle, spec: OciSpec): void {
  const text = JSON.stringify(spec, (_key, v) => (v === Infinity ? "\u0000RLIM_INFINITY" : v), 2);
  writeFileAtomicSync(b.configPath, text.replaceAll('"\\u0000RLIM_INFINITY"', "18446744073709551615"));
}

// Unmount the rootfs and delete the bundle dir (no error when it is already gone).
export async function removeBundle(id: string, base?: string): Promise<void> {
  const b = bundlePaths(id, base);
  await unmountRootfs(b.rootfs);
  await removeTree(b.dir);
}
