// Which kind of image archive a path is: an OCI layout directory, a tar of one (OCI archive), a
// `docker save` tarball, or a plain root filesystem tarball. Decided by the archive's top-level names.
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { runProcess } from "../../util/process.js";
import { ConfigError } from "../../errors.js";

// The formats importArchive understands.
export type ArchiveFormat = "oci-layout" | "oci-archive" | "docker-archive" | "rootfs";

// Detect the format of `path` (a directory or a tar, possibly compressed).
export async function detectArchiveFormat(path: string): Promise<ArchiveFormat> {
  if (!existsSync(path)) throw new ConfigError(`Expected \`${path}\` to be an image archive or OCI layout, but it does not exist`);
  if (statSync(path).isDirectory()) {
    if (existsSync(join(path, "oci-layout")) && existsSync(join(path, "index.json"))) return "oci-layout";
    throw new ConfigError(`Expected the directory \`${path}\` to be an OCI image layout (with \`oci-layout\` and \`index.json\`)`);
  }
  const names = await listTopLevel(path);
  if (names.has("oci-layout") && names.has("index.json")) return "oci-archive";
  if (names.has("manifest.json")) return "docker-archive";
  return "rootfs";
}

// Top-level member names of a tar (GNU tar detects compression itself).
async function listTopLevel(path: string): Promise<Set<string>> {
  const result = await runProcess("tar", ["-tf", path], { maxBuffer: 1 << 28 });
  if (result.exitCode !== 0) {
    throw new ConfigError(`Expected \`${path}\` to be a tar archive (docker save, OCI archive or a rootfs tarball): ${String(result.stderr).trim().split("\n").pop()}`);
  }
  const names = new Set<string>();
  for (const line of String(result.stdout).split("\n")) {
    const name = line.replace(/^\.\//, "");
    if (name && !name.includes("/")) names.add(name);
  }
  return names;
}
