// Import from an OCI image layout directory: the chosen manifest (an index resolved to the host
// platform), its config and layers are copied into the store byte for byte, digests verified.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError } from "../../errors.js";
import { digestHex } from "../digest.js";
import { isIndexType, OCI_MANIFEST } from "../media-types.js";
import { defaultPlatform, selectManifest } from "../registry/platform.js";
import type { ImageStore } from "../store/image-store.js";
import type { Descriptor, ImageIndex, ImageManifest } from "../types.js";

const REF_NAME = "org.opencontainers.image.ref.name";
// Docker 25+ `docker save` writes an OCI layout whose ref.name is a bare tag; the full name is here.
const CONTAINERD_NAME = "io.containerd.image.name";

// A manifest stored from a layout, with the names the layout gave it.
export interface ImportedManifest {
  digest: string;
  names: string[]; // org.opencontainers.image.ref.name values (may be bare tags like `latest`)
}

// Copy the images of the layout at `dir` into `store`; returns each imported manifest.
export async function importOciLayout(dir: string, store: ImageStore): Promise<ImportedManifest[]> {
  const index = JSON.parse(await readFile(join(dir, "index.json"), "utf8")) as ImageIndex;
  if (!Array.isArray(index.manifests) || index.manifests.length === 0) {
    throw new ConfigError(`the OCI layout \`${dir}\` has no images (its index.json lists no manifests)`);
  }
  const out: ImportedManifest[] = [];
  for (const desc of index.manifests) {
    const digest = await importManifest(dir, store, desc);
    const name = desc.annotations?.[CONTAINERD_NAME] ?? desc.annotations?.[REF_NAME];
    const existing = out.find((m) => m.digest === digest);
    if (existing) {
      if (name) existing.names.push(name);
    } else out.push({ digest, names: name ? [name] : [] });
  }
  return out;
}

function blobFile(dir: string, digest: string): string {
  return join(dir, "blobs", "sha256", digestHex(digest));
}

async function copyBlob(dir: string, store: ImageStore, desc: Descriptor): Promise<void> {
  await store.putBlob(blobFile(dir, desc.digest), { digest: desc.digest, size: desc.size, mediaType: desc.mediaType });
}

// Store one manifest (index: the host platform's manifest) with its blobs; returns the digest to tag.
async function importManifest(dir: string, store: ImageStore, desc: Descriptor): Promise<string> {
  const bytes = await readFile(blobFile(dir, desc.digest));
  const doc = JSON.parse(bytes.toString("utf8")) as ImageManifest & ImageIndex;
  if (isIndexType(desc.mediaType) || isIndexType(doc.mediaType) || (doc.manifests && !doc.config)) {
    return importManifest(dir, store, selectManifest(desc.digest, doc.manifests, defaultPlatform()));
  }
  await copyBlob(dir, store, doc.config);
  for (const layer of doc.layers) await copyBlob(dir, store, layer);
  await store.putManifest(bytes, doc.mediaType ?? desc.mediaType ?? OCI_MANIFEST, desc.digest);
  return desc.digest;
}
