// The image store: an OCI image layout under $ISOMER_HOME/store plus unpacked layers under
// $ISOMER_HOME/layers (docs/CONTRACTS.md "src/images"). Blobs are verified on write (and JSON
// blobs on every read), tags live in index.json, layers are unpacked once and shared.
import { join } from "node:path";
import { isomerHome } from "../../util/paths.js";
import { digestHex, isDigest, sha256Digest } from "../digest.js";
import { ImageNotFoundError } from "../errors.js";
import { isIndexType, OCI_CONFIG, OCI_MANIFEST } from "../media-types.js";
import { formatReference, parseReference } from "../reference.js";
import { defaultPlatform, formatPlatform, selectManifest } from "../registry/platform.js";
import type { Descriptor, ImageConfigJson, ImageIndex, ImageManifest, ImageSummary, LayerDescriptor, Platform, ResolvedImage } from "../types.js";
import { BlobStore, type BlobSource, type ExpectedBlob } from "./blobs.js";
import { defaultUnpacker, LayerStore, type UnpackLayerFn } from "./layers.js";
import { touchLease } from "./leases.js";
import { pruneStore, type PruneResult } from "./prune.js";
import { SnapshotStore } from "./snapshots.js";
import { REF_NAME, TagIndex } from "./tags.js";
import { toResolvedConfig } from "./resolved-config.js";
import { unlessMissing } from "../../util/missing.js";

// Where the store lives and how layers are unpacked (tests inject an unpacker).
export interface ImageStoreOptions {
  home?: string; // default $ISOMER_HOME
  unpackLayer?: UnpackLayerFn; // default: src/images/unpack's unpackLayer
}

// What putImage needs: the image config document and the layers, lowest first.
export interface PutImageInput {
  configJson: ImageConfigJson | string | Uint8Array;
  layers: LayerDescriptor[];
  annotations?: Record<string, string>;
}

// The content-addressed image store of one isomer home.
export class ImageStore {
  readonly home: string;
  readonly storeDir: string;
  readonly blobs: BlobStore;
  readonly layerStore: LayerStore;
  readonly tags: TagIndex;
  readonly snapshots: SnapshotStore;

  constructor(options: ImageStoreOptions = {}) {
    this.home = options.home ?? isomerHome();
    this.storeDir = join(this.home, "store");
    this.blobs = new BlobStore(this.storeDir);
    this.tags = new TagIndex(this.storeDir);
    this.snapshots = new SnapshotStore(join(this.home, "snapshots"));
    const injected = options.unpackLayer;
    this.layerStore = new LayerStore(join(this.home, "layers"), injected ? async () => injected : defaultUnpacker);
  }

  // Store a blob (bytes, file path, stream, or lazy opener), verified against `expected`.
  async putBlob(source: BlobSource, expected?: ExpectedBlob): Promise<Descriptor> {
    await this.tags.init();
    await touchLease(this.storeDir);
    return this.blobs.put(source, expected);
  }

  // Path of a stored blob.
  blobPath(digest: string): string {
    return this.blobs.path(digest);
  }

  // True when the blob is stored.
  async hasBlob(digest: string): Promise<boolean> {
    return (await this.blobs.size(digest)) !== undefined;
  }

  // A stored JSON blob, digest re-checked.
  async readJson<T>(digest: string): Promise<T> {
    return JSON.parse((await this.blobs.read(digest)).toString("utf8")) as T;
  }

  // Store a config + manifest for `layers` (blobs already stored); returns the manifest digest.
  async putImage(input: PutImageInput): Promise<string> {
    const config: ImageConfigJson = typeof input.configJson === "string" || input.configJson instanceof Uint8Array
      ? JSON.parse(Buffer.from(input.configJson).toString("utf8")) : { ...input.configJson };
    config.rootfs = { type: "layers", diff_ids: input.layers.map((l) => l.diffId) };
    config.os ??= "linux";
    config.architecture ??= defaultPlatform().architecture;
    const configDesc = await this.putBlob(Buffer.from(JSON.stringify(config)), { mediaType: OCI_CONFIG });
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_CONFIG, digest: configDesc.digest, size: configDesc.size },
      layers: input.layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size, ...(l.annotations ? { annotations: l.annotations } : {}) })),
      ...(input.annotations ? { annotations: input.annotations } : {}),
    };
    return (await this.putManifest(Buffer.from(JSON.stringify(manifest)), OCI_MANIFEST)).digest;
  }

  // Store raw manifest (or index) bytes exactly as received, so the digest stays the registry's.
  async putManifest(bytes: Uint8Array, mediaType: string, expectedDigest?: string): Promise<Descriptor> {
    return this.putBlob(bytes, { mediaType, digest: expectedDigest ?? sha256Digest(bytes) });
  }

  // Point the tag `ref` (any user form; normalized) at the stored manifest `digest`.
  async tag(ref: string, digest: string, platform?: Platform): Promise<void> {
    const size = await this.blobs.size(digest);
    if (size === undefined) throw new ImageNotFoundError(digest, "tag an image that is in the store (see `isomer image ls`)");
    const doc = await this.readJson<{ mediaType?: string; config?: unknown }>(digest);
    const mediaType = doc.mediaType ?? (doc.config ? OCI_MANIFEST : "application/vnd.oci.image.index.v1+json");
    await this.tags.set(normalizeTagRef(ref), { mediaType, digest, size, ...(platform ? { platform } : {}) });
  }

  // The manifest digest `ref` names in the store (a tag, `name@digest`, or a bare digest).
  async lookup(ref: string): Promise<Descriptor | undefined> {
    if (isDigest(ref)) return (await this.hasBlob(ref)) ? { mediaType: OCI_MANIFEST, digest: ref, size: 0 } : undefined;
    const parsed = parseReference(ref);
    const entry = await this.tags.get(formatReference(parsed));
    if (entry) return entry;
    if (parsed.digest && (await this.hasBlob(parsed.digest))) return { mediaType: OCI_MANIFEST, digest: parsed.digest, size: 0 };
    return undefined;
  }

  // The manifest (an index is resolved to the default platform) and its layers with diff_ids.
  async manifestOf(digest: string, platform: Platform = defaultPlatform()): Promise<{ digest: string; manifest: ImageManifest; config: ImageConfigJson; layers: LayerDescriptor[] }> {
    let doc = await this.readJson<ImageManifest & ImageIndex>(digest);
    if (isIndexType(doc.mediaType) || (doc.manifests && !doc.config)) {
      digest = selectManifest(digest, doc.manifests, platform).digest;
      doc = await this.readJson<ImageManifest & ImageIndex>(digest);
    }
    const config = await this.readJson<ImageConfigJson>(doc.config.digest);
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== doc.layers.length) {
      throw new ImageNotFoundError(digest, `the image's config lists ${diffIds.length} diff_ids for ${doc.layers.length} layers; remove it (\`isomer image rm\`) and pull or import it again`);
    }
    return { digest, manifest: doc, config, layers: doc.layers.map((l, i) => ({ ...l, diffId: diffIds[i] })) };
  }

  // Unpack a layer (once per diff_id) and return its directory.
  async ensureLayerUnpacked(layer: LayerDescriptor): Promise<string> {
    return this.layerStore.ensure(layer, this.blobs.path(layer.digest));
  }

  // Move an already-unpacked layer directory into the store under `diffId`.
  async adoptLayerDir(diffId: string, dir: string): Promise<string> {
    return this.layerStore.adopt(diffId, dir);
  }

  // Everything the runtime needs to run `ref`, unpacking layers as needed; undefined if absent.
  async resolve(ref: string): Promise<ResolvedImage | undefined> {
    const entry = await this.lookup(ref);
    if (!entry) return undefined;
    await touchLease(this.storeDir);
    const image = await this.manifestOf(entry.digest);
    const layers: string[] = [];
    for (const layer of image.layers) layers.push(await this.ensureLayerUnpacked(layer));
    const name = isDigest(ref) ? ref : formatReference(parseReference(ref));
    return { ref: name, digest: image.digest, layers, config: toResolvedConfig(image.config) };
  }

  // Every tagged image with its sizes.
  async list(): Promise<ImageSummary[]> {
    const out: ImageSummary[] = [];
    for (const entry of await this.tags.entries()) {
      const ref = entry.annotations?.[REF_NAME];
      if (!ref) continue;
      const image = await unlessMissing(this.manifestOf(entry.digest));
      if (!image) continue;
      const size = entry.size + image.manifest.config.size + image.layers.reduce((n, l) => n + l.size, 0);
      out.push({ ref, digest: entry.digest, configDigest: image.manifest.config.digest, created: image.config.created, platform: formatPlatform(image.config as Partial<Platform>), size, layers: image.layers.length });
    }
    return out.sort((a, b) => a.ref.localeCompare(b.ref));
  }

  // Remove the tag `ref`; blobs and layers stay until prune. False when there was no such tag.
  async remove(ref: string): Promise<boolean> {
    return this.tags.delete(normalizeTagRef(ref));
  }

  // Delete blobs and unpacked layers no tag reaches, prepared-instance snapshots no container
  // uses, and leftovers of interrupted writes.
  async prune(): Promise<PruneResult> {
    return pruneStore(this);
  }

  // The unpacked directory of a layer if it exists (no unpacking).
  layerDir(diffId: string): string {
    return join(this.layerStore.dir, digestHex(diffId));
  }
}

function normalizeTagRef(ref: string): string {
  return formatReference(parseReference(ref));
}
