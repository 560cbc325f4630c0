// Docker's `volumes` and `tmpfs` syntax turned into bind and tmpfs mounts: `src:dst[:ro]` binds a
// host path, `name:dst` a named volume under $ISOMER_HOME/volumes (kept, as Docker keeps them), a
// bare `/dst` an anonymous volume inside the bundle directory (removed with the container).
// `/sys/fs/cgroup` binds that Molecule files carry for systemd are dropped: isomer gives systemd
// its own cgroup mount, which is what those binds were for.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError } from "../../errors.js";
import { isomerHome } from "../../util/paths.js";
import type { Platform } from "../../config/types.js";
import { parseVolumeSpec } from "../../runtime/volume-spec.js";

// A bind for buildSpec.
export interface BindMount {
  source: string;
  destination: string;
  readonly?: boolean;
}

// The mounts of one platform.
export interface PlatformMounts {
  binds: BindMount[];
  tmpfs: { destination: string; options?: string[] }[];
  ignored: string[]; // volumes dropped, for a debug message
}

// Resolves `volumes` and `tmpfs`; relative host paths are taken from `baseDir` (the scenario dir).
export function platformMounts(platform: Platform, bundleDir: string, baseDir: string): PlatformMounts {
  const binds: BindMount[] = [];
  const ignored: string[] = [];
  (platform.volumes ?? []).forEach((spec, index) => {
    const volume = parseVolumeSpec(String(spec));
    if (typeof volume === "string") throw new ConfigError(`platform \`${platform.name}\` volumes: ${volume}`);
    const { destination, readonly } = volume;
    if (volume.kind === "anonymous") {
      const source = join(bundleDir, "volumes", String(index));
      mkdirSync(source, { recursive: true });
      binds.push({ source, destination, readonly });
      return;
    }
    if (destination.startsWith("/sys/fs/cgroup")) {
      ignored.push(String(spec));
      return;
    }
    let source: string;
    if (volume.kind === "bind") {
      source = volume.source.startsWith("~") ? join(process.env.HOME ?? "/root", volume.source.slice(1)) : resolve(baseDir, volume.source);
    } else {
      source = join(isomerHome(), "volumes", volume.name);
      mkdirSync(source, { recursive: true });
    }
    binds.push({ source, destination, readonly });
  });
  const tmpfs = Array.isArray(platform.tmpfs)
    ? platform.tmpfs.map((entry) => splitTmpfs(String(entry)))
    : Object.entries(platform.tmpfs ?? {}).map(([destination, options]) => ({ destination, options: options ? String(options).split(",") : undefined }));
  return { binds, tmpfs, ignored };
}

function splitTmpfs(entry: string): { destination: string; options?: string[] } {
  const at = entry.indexOf(":");
  if (at < 0) return { destination: entry };
  return { destination: entry.slice(0, at), options: entry.slice(at + 1).split(",") };
}
