// Import from an extracted `docker save` tarball: manifest.json lists, per image, the config file,
// the layer tars (plain or gzip) and RepoTags. Layers are checked against the config's diff_ids.
import { readFile } from "node:fs/promises";
import { join, normalize } from "node:path";
import { createReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { ConfigError } from "../../errors.js";
import { DigestingStream } from "../digest.js";
import { DigestMismatchError } from "../errors.js";
import { OCI_LAYER_GZIP, OCI_LAYER_TAR, OCI_LAYER_ZSTD } from "../media-types.js";
import type { ImageStore } from "../store/image-store.js";
import type { ImageConfigJson, LayerDescriptor } from "../types.js";
import { detectCompression } from "../unpack/compression.js";
import type { ImportedManifest } from "./oci-layout.js";

interface DockerManifestEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

// Store every image of the extracted docker-archive at `dir`; names are its RepoTags.
export async function importDockerArchive(dir: string, store: ImageStore): Promise<ImportedManifest[]> {
  const entries = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as DockerManifestEntry[];
  if (!Array.isArray(entries) || entries.length === 0) throw new ConfigError(`the docker archive's manifest.json lists no images`);
  const out: ImportedManifest[] = [];
  for (const entry of entries) {
    const configJson = await readFile(inside(dir, entry.Config), "utf8");
    const config = JSON.parse(configJson) as ImageConfigJson;
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== entry.Layers.length) {
      throw new ConfigError(`the docker archive's config \`${entry.Config}\` lists ${diffIds.length} diff_ids for ${entry.Layers.length} layers`);
    }
    const layers: LayerDescriptor[] = [];
    for (const [i, file] of entry.Layers.entries()) layers.push(await storeLayer(store, inside(dir, file), diffIds[i]));
    const digest = await store.putImage({ configJson, layers });
    out.push({ digest, names: entry.RepoTags ?? [] });
  }
  return out;
}

// A path from manifest.json, kept inside the archive directory.
function inside(dir: string, rel: string): string {
  const clean = normalize(rel);
  if (clean.startsWith("..") || clean.startsWith("/")) throw new ConfigError(`the docker archive names a file outside itself: \`${rel}\``);
  return join(dir, clean);
}

// Store one layer file; its uncompressed digest must be `diffId`.
export async function storeLayer(store: ImageStore, path: string, diffId?: string): Promise<LayerDescriptor> {
  const compression = await detectCompression(path);
  const mediaType = compression === "gzip" ? OCI_LAYER_GZIP : compression === "zstd" ? OCI_LAYER_ZSTD : OCI_LAYER_TAR;
  const desc = await store.putBlob(path, { mediaType });
  const actual = compression === "none" ? desc.digest : compression === "gzip" ? await gunzipDigest(path) : undefined;
  if (diffId && actual && actual !== diffId) throw new DigestMismatchError(diffId, actual, `layer \`${path}\``);
  const resolvedDiffId = actual ?? diffId;
  if (!resolvedDiffId) throw new ConfigError(`cannot tell the uncompressed digest of the zstd layer \`${path}\``);
  return { ...desc, mediaType, diffId: resolvedDiffId };
}

// sha256 of the decompressed content of a gzip file.
export async function gunzipDigest(path: string): Promise<string> {
  const digesting = new DigestingStream();
  await pipeline(createReadStream(path), createGunzip(), digesting, async function* (source) {
    for await (const _ of source) void _;
  });
  return digesting.digester.digest();
}
