// Media types of the OCI image spec and Docker's v2 schema 2, and what each one is.

// OCI image manifest.
export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
// OCI image index (multi-platform).
export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
// OCI image config.
export const OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
// OCI layer, uncompressed tar.
export const OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
// OCI layer, gzip-compressed tar.
export const OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
// OCI layer, zstd-compressed tar.
export const OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
// Docker v2 schema 2 manifest.
export const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
// Docker manifest list (multi-platform).
export const DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
// Docker image config.
export const DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
// Docker layer, gzip-compressed tar.
export const DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
// Docker foreign (non-distributable) layer.
export const DOCKER_LAYER_FOREIGN = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

// Manifest types isomer can pull, for the registry's Accept header (single-platform first).
export const ACCEPTED_MANIFESTS = [OCI_MANIFEST, DOCKER_MANIFEST, OCI_INDEX, DOCKER_MANIFEST_LIST];

// True for an index / manifest list.
export function isIndexType(mediaType: string | undefined): boolean {
  return mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST;
}

// True for a single-platform manifest.
export function isManifestType(mediaType: string | undefined): boolean {
  return mediaType === OCI_MANIFEST || mediaType === DOCKER_MANIFEST;
}

// True for a layer media type isomer knows how to unpack.
export function isLayerType(mediaType: string): boolean {
  return [OCI_LAYER_TAR, OCI_LAYER_GZIP, OCI_LAYER_ZSTD, DOCKER_LAYER_GZIP, DOCKER_LAYER_FOREIGN,
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"].includes(mediaType);
}
