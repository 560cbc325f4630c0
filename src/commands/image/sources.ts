// `isomer image import | bootstrap | build`: thin wrappers over the images layer's import,
// bootstrap and build modules (the CLI loads this module only for `isomer image`).
import type { ResolvedImage } from "../../images/types.js";
import { importArchive } from "../../images/import/index.js";
import { bootstrapImage } from "../../images/bootstrap/index.js";
import { buildImage, buildRecipe } from "../../build/index.js";
import { ConfigError } from "../../errors.js";
import { shortDigest, shortRef } from "./format.js";
import { err, out, storeOf, type ImageCommandOptions } from "./options.js";

function report(options: ImageCommandOptions, verb: string, ref: string, image: ResolvedImage, extra: object = {}): void {
  out(options)(options.json
    ? JSON.stringify({ ref: image.ref, digest: image.digest, layers: image.layers, ...extra }, null, 2) + "\n"
    : `${verb} ${shortRef(ref)} (${shortDigest(image.digest)}, ${image.layers.length} layers)\n`);
}

// Options of `image import`.
export interface ImageImportOptions extends ImageCommandOptions {
  tag?: string;
}

// Import a docker-archive, OCI archive/layout or rootfs tarball.
export async function imageImport(file: string, options: ImageImportOptions = {}): Promise<void> {
  const result = await importArchive(file, { tag: options.tag, store: storeOf(options) });
  report(options, `imported (${result.format})`, result.refs[0] ?? result.image.ref, result.image, { refs: result.refs, format: result.format });
}

// Options of `image bootstrap`.
export interface ImageBootstrapOptions extends ImageCommandOptions {
  suite: string;
  include?: string[];
  mirror?: string;
  variant?: string;
  architecture?: string;
}

// Bootstrap a Debian suite with mmdebstrap and store it under `ref`.
export async function imageBootstrap(ref: string, options: ImageBootstrapOptions): Promise<void> {
  const log = options.isTTY ?? Boolean(process.stderr.isTTY) ? (line: string) => err(options)(line.endsWith("\n") ? line : line + "\n") : undefined;
  const { suite, include, mirror, variant, architecture } = options;
  const result = await bootstrapImage(ref, { suite, include, mirror, variant, architecture, store: storeOf(options), log });
  report(options, result.reused ? "reused" : "bootstrapped", ref, result.image, { reused: result.reused });
}

// Options of `image build` (docker build's flags, or `--recipe NAME`).
export interface ImageBuildOptions extends ImageCommandOptions {
  tag?: string; // required without a recipe
  recipe?: string;
  file?: string;
  buildArgs?: Record<string, string>;
}

// Build an image from a Dockerfile in `context`, or from one of isomer's recipes (templates/images/).
export async function imageBuild(context: string | undefined, options: ImageBuildOptions): Promise<void> {
  const log = (l: string) => err(options)(l.endsWith("\n") ? l : l + "\n");
  if (options.recipe) {
    if (context !== undefined || options.file) throw new ConfigError("`--recipe` builds isomer's own Dockerfile: give no CONTEXT and no `-f`", { hint: `run \`isomer image build --recipe ${options.recipe}\` [-t TAG]` });
    const result = await buildRecipe(options.recipe, { tag: options.tag, store: storeOf(options), log });
    report(options, "built", result.ref, result.image, { steps: result.steps });
    return;
  }
  if (context === undefined || !options.tag) throw new ConfigError("`isomer image build` needs a CONTEXT and `-t TAG`, or `--recipe NAME`", { hint: "e.g. `isomer image build -t myimage:1 .` or `isomer image build --recipe debian12-ansible`" });
  const result = await buildImage({ tag: options.tag, file: options.file, context, buildArgs: options.buildArgs ?? {}, store: storeOf(options), log });
  report(options, "built", options.tag, result.image);
}
