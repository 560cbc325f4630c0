// The shapes of OCI/Docker image documents and of what the store hands to the runtime.

// A content descriptor (OCI image spec).
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: Platform;
  urls?: string[];
}

// A layer descriptor together with its diff_id (digest of the uncompressed tar).
export interface LayerDescriptor extends Descriptor {
  diffId: string;
}

// os/architecture[/variant] of an image.
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
  "os.version"?: string;
  "os.features"?: string[];
}

// A single-platform manifest (OCI or Docker v2 schema 2).
export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

// An image index / manifest list.
export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

// The runtime part of an image config (the `config` key of the OCI image config).
export interface ImageRunConfig {
  Env?: string[];
  Cmd?: string[];
  Entrypoint?: string[];
  WorkingDir?: string;
  User?: string;
  StopSignal?: string;
  ExposedPorts?: Record<string, object>;
  Labels?: Record<string, string>;
  Volumes?: Record<string, object>;
  Shell?: string[];
}

// The OCI image config document.
export interface ImageConfigJson {
  created?: string;
  architecture?: string;
  os?: string;
  variant?: string;
  config?: ImageRunConfig;
  rootfs?: { type: "layers"; diff_ids: string[] };
  history?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

// What the runtime needs of an image (docs/CONTRACTS.md "src/images").
export interface ResolvedImage {
  ref: string; // normalized full reference, or the digest when resolved by digest
  digest: string; // manifest digest
  layers: string[]; // unpacked layer directories, lowest first
  config: {
    env: string[];
    cmd: string[];
    entrypoint: string[];
    workingDir: string;
    user: string;
    stopSignal?: string;
    exposedPorts: string[];
    labels: Record<string, string>;
  };
}

// One tagged image, as `isomer image ls` shows it.
export interface ImageSummary {
  ref: string;
  digest: string;
  configDigest: string;
  created?: string;
  platform?: string;
  size: number; // bytes of manifest + config + layer blobs as stored
  layers: number;
}
