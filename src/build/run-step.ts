// A RUN step: the image's layers stacked read-only with overlayfs under a fresh upper dir, the
// command run in a container on the runtime (host network, so apt-get reaches the mirror; the
// host's resolv.conf bound read-only), and the upper dir is the step's diff. Without root the
// container gets a user namespace with the caller's id mapping and the runtime mounts the overlay
// inside it (whiteouts and opaque marks then are overlayfs' `userxattr` kind, which pack reads).
import { existsSync, lstatSync, mkdirSync, readdirSync, rmdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { StepFailedError } from "../errors.js";
import { RuntimeClient } from "../runtime/client.js";
import { mountOverlay, PLAIN_UPPER_OPTIONS, unmountRootfs } from "../runtime/rootfs.js";
import { buildSpec } from "../runtime/spec.js";
import { writeSpec, type Bundle } from "../runtime/bundle.js";
import { resolveImageUser } from "../util/image-user.js";
import { callerIdMap, isRootless } from "../util/idmap.js";
import { removeTree } from "../util/remove-tree.js";

// What a RUN needs to know of the image at that point.
export interface RunStepInput {
  layers: string[]; // unpacked layer dirs, lowest first
  argv: string[]; // shell form already wrapped in SHELL
  env: string[];
  cwd: string;
  user: string; // config User ("" = root)
  workDir: string; // scratch dir for this step (upper, work, bundle)
  id: string; // container id
  log?: (line: string) => void;
}

// Run the step; returns the upper dir holding its changes (the caller packs then deletes it).
export async function runStep(input: RunStepInput): Promise<string> {
  const bundleDir = join(input.workDir, "bundle");
  const upper = join(input.workDir, "upper");
  const work = join(input.workDir, "work");
  const rootfs = join(bundleDir, "rootfs");
  const empty = join(input.workDir, "empty");
  for (const d of [upper, work, rootfs, empty]) mkdirSync(d, { recursive: true });
  const lowers = input.layers.length ? input.layers : [empty];
  const rootless = isRootless();
  // rootless, the image's files are looked up in its layers (nothing is mounted here)
  const roots = rootless ? [...lowers].reverse() : [rootfs];
  const inImage = (path: string) => roots.some((root) => existsSync(join(root, path)));
  if (!rootless) await mountOverlay(lowers, upper, work, rootfs, PLAIN_UPPER_OPTIONS);
  const client = new RuntimeClient();
  let missingMountPoints: string[] = [];
  try {
    const spec = buildSpec({
      args: input.argv,
      env: input.env,
      cwd: input.cwd || "/",
      user: input.user ? resolveImageUser(input.user, roots) : undefined,
      hostname: "isomer-build",
      network: { mode: "host" },
      binds: inImage("etc/resolv.conf") ? [{ source: "/etc/resolv.conf", destination: "/etc/resolv.conf", readonly: true }] : [],
      // userxattr overlayfs has no redirects or metacopy, and index is off unless asked for
      ...(rootless ? { userNamespace: { mode: "new" as const, idmap: callerIdMap() }, rootfsOverlay: { lowerDirs: lowers, upper, work } } : {}),
    });
    // mount points the runtime creates (/proc, /dev/pts, ...) are not part of the step's diff
    missingMountPoints = (spec.mounts ?? []).map((m) => m.destination).filter((d) => !inImage(d));
    const bundle: Bundle = { id: input.id, dir: bundleDir, rootfs, upper, work, configPath: join(bundleDir, "config.json") };
    writeSpec(bundle, spec);
    const result = await client.run(input.id, bundleDir);
    for (const line of `${result.stdout}${result.stderr}`.split("\n").filter(Boolean)) input.log?.(line);
    if (result.exitCode !== 0) {
      const tail = `${result.stdout}\n${result.stderr}`.trim().split("\n").slice(-10).join("\n");
      throw new StepFailedError("build", `\`RUN ${input.argv.join(" ")}\` failed with exit code ${result.exitCode}:\n${tail}`);
    }
  } finally {
    await client.delete(input.id, { force: true }).catch(() => undefined);
    await unmountRootfs(rootfs);
  }
  await removeTree(work);
  removeEmptyMountPoints(upper, missingMountPoints);
  return upper;
}

// Remove from `upper` the mount points that did not exist before the step, deepest first, when
// they are still empty (a RUN that wrote into such a path keeps it).
function removeEmptyMountPoints(upper: string, destinations: string[]): void {
  const byDepth = [...destinations].sort((a, b) => b.split("/").length - a.split("/").length);
  for (const dest of byDepth) {
    const path = join(upper, dest);
    try {
      const st = lstatSync(path);
      if (st.isDirectory() && readdirSync(path).length === 0) rmdirSync(path);
      else if (st.isFile() && st.size === 0) unlinkSync(path);
    } catch {
      // not in the upper dir: nothing to remove
    }
  }
}
