// `isomer image import | bootstrap | build`: thin wrappers over the images layer's import,
// bootstrap and build modules, loaded lazily so a missing one is a clear error, not a crash.
import { IsomerError } from "../../errors.js";
import type { ResolvedImage } from "../../images/types.js";
import { shortDigest, shortRef } from "./format.js";
import { err, out, storeOf, type ImageCommandOptions } from "./options.js";

async function load<T>(modulePath: string, name: string, what: string): Promise<T> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(modulePath)) as Record<string, unknown>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw e;
    throw new IsomerError("ISOMER_UNAVAILABLE", `\`isomer image ${what}\` is not available in this build (missing \`${modulePath}\`)`, { cause: e, hint: "pull or import the image instead, or update isomer" });
  }
  if (typeof mod[name] !== "function") throw new IsomerError("ISOMER_UNAVAILABLE", `\`isomer image ${what}\` is not available in this build (no \`${name}\`)`);
  return mod[name] as T;
}

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
  type Fn = (file: string, o: { tag?: string; store?: unknown }) => Promise<{ refs: string[]; image: ResolvedImage; format: string }>;
  const importArchive = await load<Fn>("../../images/import/index.js", "importArchive", "import");
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
  type Fn = (ref: string, o: object) => Promise<{ image: ResolvedImage; reused: boolean }>;
  const bootstrapImage = await load<Fn>("../../images/bootstrap/index.js", "bootstrapImage", "bootstrap");
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
  type Fn = (o: { tag: string; file?: string; context: string; buildArgs: Record<string, string>; store?: unknown; log?: (l: string) => void }) => Promise<{ image?: ResolvedImage } & Partial<ResolvedImage>>;
  const buildImage = await load<Fn>("../../images/build/index.js", "buildImage", "build");
  const result = await buildImage({ tag: options.tag, file: options.file, context, buildArgs: options.buildArgs ?? {}, store: storeOf(options), log: (l) => err(options)(l.endsWith("\n") ? l : l + "\n") });
  const image = (result.image ?? result) as ResolvedImage;
  report(options, "built", options.tag, image);
}
