// The image store (re-exports only).
export { ImageStore, type ImageStoreOptions, type PutImageInput } from "./image-store.js";
export { BlobStore, type BlobSource, type BlobData, type ExpectedBlob } from "./blobs.js";
export { LayerStore, type UnpackLayerFn } from "./layers.js";
export { REF_NAME } from "./tags.js";
export type { PruneResult } from "./prune.js";
export { withLock } from "./lock.js";
