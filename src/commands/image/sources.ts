// `isomer image import | bootstrap | build`: thin wrappers over the images layer's import,
// bootstrap and build modules (the CLI loads this module only for `isomer image`).
import type { ResolvedImage } from "../../images/types.js";
import { importArchive } from "../../images/import/index.js";
import { bootstrapImage } from "../../images/bootstrap/index.js";
import { buildImage } from "../../images/build/index.js";
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

// Options of `image build` (docker build's flags).
export interface ImageBuildOptions extends ImageCommandOptions {
  tag: string;
  file?: string;
  buildArgs?: Record<string, string>;
}

// Build an image from a Dockerfile in `context`.
export async function imageBuild(context: string, options: ImageBuildOptions): Promise<void> {
  const result = await buildImage({ tag: options.tag, file: options.file, context, buildArgs: options.buildArgs ?? {}, store: storeOf(options), log: (l) => err(options)(l.endsWith("\n") ? l : l + "\n") });
  report(options, "built", options.tag, result.image);
}
