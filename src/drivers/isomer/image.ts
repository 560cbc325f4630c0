// Resolves a platform's image to unpacked layer directories and an image config, as Molecule's
// docker driver does: `pre_build_image: false` builds the scenario's Dockerfile (Jinja
// `Dockerfile.j2` rendered with the platform as `item`) and tags it `molecule_local/<image>`;
// otherwise the image store's ensureImage (store, pull, Debian bootstrap, or when offline a build
// from isomer's recipe for that name) says which it did.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../../errors.js";
import type { Platform } from "../../config/types.js";
import { buildImage, ensureImageOrRecipe, type BuildResult } from "../../build/index.js";
import type { ImageStore } from "../../images/store/image-store.js";
import type { DriverContext } from "../driver.js";

// What the driver needs of an image.
export interface DriverImage {
  ref: string;
  layers: string[]; // lowest first
  config: { env?: string[]; cmd?: string[]; entrypoint?: string[]; workingDir?: string; user?: string; stopSignal?: string };
}

// The image of `platform`: built from its Dockerfile when `pre_build_image: false`, else ensured.
export async function resolvePlatformImage(ctx: DriverContext, platform: Platform): Promise<DriverImage> {
  const ref = platform.image;
  if (!ref) throw new ConfigError(`Expected \`image\` on platform \`${platform.name}\`, got none`, { hint: "add e.g. `image: debian:bookworm` to the platform in molecule.yml" });
  const log = (message: string) => ctx.logger.info(`${platform.name}: ${message}`);
  if (platform.pre_build_image === false) {
    const built = await buildPlatformImage(ctx.scenario.directory, platform, { log, debug: (line) => ctx.logger.debug(line) });
    return { ref: built.ref, layers: built.image.layers, config: built.image.config };
  }
  const image = await ensureImageOrRecipe(ref, { log, env: ctx.env, pull: platform.pull });
  return { ref: image.ref, layers: image.layers, config: image.config };
}

// Builds the Dockerfile of a `pre_build_image: false` platform of the scenario in `scenarioDir`
// (`dockerfile`, default Jinja `Dockerfile.j2` rendered with the platform as `item`), tagged
// `molecule_local/<image>`, into `store` (default $ISOMER_HOME's). Also used to build a scenario's
// images ahead of a run (test/hosts prepares the pure-v2 guest's store with it).
export async function buildPlatformImage(scenarioDir: string, platform: Platform, options: { store?: ImageStore; log?: (message: string) => void; debug?: (line: string) => void } = {}): Promise<BuildResult> {
  const ref = platform.image;
  if (!ref) throw new ConfigError(`Expected \`image\` on platform \`${platform.name}\`, got none`, { hint: "add e.g. `image: debian:bookworm` to the platform in molecule.yml" });
  const file = join(scenarioDir, platform.dockerfile ?? "Dockerfile.j2");
  if (!existsSync(file))
    throw new ConfigError(`platform \`${platform.name}\` has \`pre_build_image: false\` but \`${file}\` does not exist`, { hint: "add the Dockerfile, or set `pre_build_image: true` to use the image as it is" });
  const tag = `molecule_local/${ref.replace(/^.*\//, "")}`;
  options.log?.(`building \`${tag}\` from \`${file}\``);
  return buildImage({ tag, file, context: scenarioDir, buildArgs: platform.buildargs ?? {}, platformVars: platform, ...(options.store ? { store: options.store } : {}), log: options.debug ?? (() => undefined) });
}
