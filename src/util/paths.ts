// Where isomer keeps things on the host. Every layer asks here instead of inventing its own path.
import { homedir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { existsSync, mkdirSync } from "node:fs";

// $ISOMER_HOME, default ~/.local/share/isomer: the image store, unpacked layers, container dirs.
export function isomerHome(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.ISOMER_HOME || join(homedir(), ".local", "share", "isomer"));
}

// Creates $ISOMER_HOME, when missing, readable by its owner only (as podman does with its
// storage): for an ordinary user the store, the layers and every container's upper directory
// live there, and no other user of the host may read or change them. An existing one is kept as it is.
export function createPrivateHome(env: NodeJS.ProcessEnv = process.env): void {
  const home = isomerHome(env);
  if (!existsSync(home)) mkdirSync(home, { recursive: true, mode: 0o700 });
}

// The OCI image layout (oci-layout, index.json, blobs/sha256/...).
export function storeDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(isomerHome(env), "store");
}

// Unpacked layers, one read-only directory per layer digest: layers/sha256/<hex>.
export function layersDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(isomerHome(env), "layers");
}

// Per-container bundles (config.json, rootfs mount point, overlay upper/work).
export function containersDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(isomerHome(env), "containers");
}

// The runtime's --root state directory (like /run/runc): tmpfs, so a reboot forgets dead containers.
// An ordinary user cannot write /run: $XDG_RUNTIME_DIR/isomer/runtime, else under the home (the
// runtime's own default, native/src/main.c).
export function runtimeStateRoot(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.()): string {
  if (env.ISOMER_RUNTIME_ROOT) return resolve(env.ISOMER_RUNTIME_ROOT);
  if (uid === 0 || uid === undefined) return "/run/isomer/runtime";
  if (env.XDG_RUNTIME_DIR?.startsWith("/")) return join(env.XDG_RUNTIME_DIR, "isomer", "runtime");
  return join(env.HOME || homedir(), ".local", "share", "isomer", "runtime");
}

// The repository / package root (holds package.json, native/, templates/), found by walking up
// from this file, so it works from src/ (tests) and from dist/src/ (the built CLI) alike.
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (dir !== dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "native"))) return dir;
    dir = dirname(dir);
  }
  throw new Error("isomer: cannot find the package root above " + fileURLToPath(import.meta.url));
}

// The native runtime binary: $ISOMER_RUNTIME or native/build/isomer-runtime in the package.
export function runtimeBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.ISOMER_RUNTIME || join(packageRoot(), "native", "build", "isomer-runtime");
}

// The templates/ directory shipped with isomer.
export function templatesDir(): string {
  return join(packageRoot(), "templates");
}
