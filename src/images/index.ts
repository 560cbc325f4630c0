// The image layer's public surface (re-exports only).
export * from "./store/index.js";
export * from "./types.js";
export * from "./errors.js";
export * from "./reference.js";
export * from "./digest.js";
export * as mediaTypes from "./media-types.js";
export { parsePlatform, formatPlatform, defaultPlatform, selectManifest } from "./registry/platform.js";
export { pullImage, type PullEvent, type PullOptions, type PullResult } from "./pull.js";
export { ensureImage, type EnsuredImage, type EnsureOptions, type EnsureEvent, type ImageSource, type PullPolicy } from "./ensure.js";
export { loadImageSettings, imageConfigPath, type ImageSettings, type BootstrapTarget } from "./config.js";
export { RegistryClient, type RegistryClientOptions } from "./registry/client.js";
