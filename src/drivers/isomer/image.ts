// Resolves a platform's image to unpacked layer directories and an image config: the image store's
// `ensureImage` (pull / import / bootstrap) and `buildImage` (Dockerfile) when they are present,
// else, for `debian:<suite>` only, an mmdebstrap bootstrap cached under $ISOMER_HOME (the same
// cache test/helpers/debian.ts uses), so the driver works before the image store lands.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { ConfigError, IsomerError } from "../../errors.js";
import { isomerHome } from "../../util/paths.js";
import type { Platform } from "../../config/types.js";
import type { DriverContext } from "../driver.js";

// What the driver needs of an image.
export interface DriverImage {
  ref: string;
  layers: string[]; // lowest first
  config: { env?: string[]; cmd?: string[]; entrypoint?: string[]; workingDir?: string; user?: string; stopSignal?: string };
}

// Packages a bootstrapped image carries (Ansible needs python3; sudo for become).
export const BOOTSTRAP_PACKAGES = ["python3", "sudo", "procps", "iproute2"];

type Loader = (ref: string, options: Record<string, unknown>) => Promise<DriverImage>;

async function optionalExport(modulePath: string, name: string): Promise<Loader | undefined> {
  try {
    const module = (await import(modulePath)) as Record<string, unknown>;
    return typeof module[name] === "function" ? (module[name] as Loader) : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND") return undefined;
    throw error;
  }
}

// The image of `platform`: built from its Dockerfile when `pre_build_image: false`, else ensured.
export async function resolvePlatformImage(ctx: DriverContext, platform: Platform): Promise<DriverImage> {
  const ref = platform.image;
  if (!ref) throw new ConfigError(`Expected \`image\` on platform \`${platform.name}\`, got none`, { hint: "add e.g. `image: debian:bookworm` to the platform in molecule.yml" });
  const log = (message: string) => ctx.logger.info(`${platform.name}: ${message}`);
  if (platform.pre_build_image === false) {
    const build = await optionalExport(["..", "..", "images", "build", "index.js"].join("/"), "buildImage");
    if (!build) throw new IsomerError("ISOMER_BUILD_UNAVAILABLE", `platform \`${platform.name}\` asks for a Dockerfile build (\`pre_build_image: false\`), which this isomer build cannot do yet`, { hint: "set `pre_build_image: true` and use a prebuilt image" });
    const dockerfile = platform.dockerfile ?? "Dockerfile.j2";
    return build(ref, { dockerfile: join(ctx.scenario.directory, dockerfile), context: ctx.scenario.directory, platform, buildArgs: platform.buildargs ?? {}, log });
  }
  const ensure = await optionalExport(["..", "..", "images", "ensure.js"].join("/"), "ensureImage");
  if (ensure) return ensure(ref, { log, env: ctx.env, pull: platform.pull });
  return bootstrapDebian(ref, log);
}

// Interim: `debian:<suite>` bootstrapped with mmdebstrap once, cached like test/helpers/debian.ts.
export async function bootstrapDebian(ref: string, log: (message: string) => void): Promise<DriverImage> {
  const match = /^(?:(?:docker\.io\/)?(?:library\/)?)debian:([a-z]+)(?:-slim)?$/.exec(ref);
  if (!match) throw new IsomerError("ISOMER_IMAGE_UNAVAILABLE", `cannot get image \`${ref}\`: only \`debian:<suite>\` can be bootstrapped by this build`, { hint: "use `image: debian:bookworm` (or another Debian suite)" });
  const suite = match[1]!;
  const key = createHash("sha256").update(`${suite}\n${[...BOOTSTRAP_PACKAGES].sort().join(",")}`).digest("hex").slice(0, 16);
  const dir = join(isomerHome(), "cache", "test-rootfs", `${suite}-${key}`);
  const rootfs = join(dir, "rootfs");
  const config = { env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], cmd: ["bash"] };
  if (existsSync(rootfs)) {
    log(`image \`${ref}\` found in the local cache`);
    return { ref, layers: [rootfs], config };
  }
  log(`image \`${ref}\` not in the local cache: bootstrapping Debian \`${suite}\` with mmdebstrap (about a minute)`);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  const result = await execa("mmdebstrap", ["--quiet", "--variant=minbase", `--include=${BOOTSTRAP_PACKAGES.join(",")}`, suite, tmp], { reject: false });
  if (result.exitCode !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new IsomerError("ISOMER_BOOTSTRAP", `mmdebstrap of \`${suite}\` failed: ${result.stderr.trim().split("\n").slice(-5).join("\n")}`, { hint: "check that deb.debian.org is reachable and `mmdebstrap` is installed" });
  }
  if (!existsSync(rootfs)) renameSync(tmp, rootfs);
  else rmSync(tmp, { recursive: true, force: true });
  return { ref, layers: [rootfs], config };
}
