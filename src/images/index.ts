// The image layer's public surface (re-exports only).
export * from "./store/index.js";
export * from "./types.js";
export * from "./errors.js";
export * from "./reference.js";
export * from "./digest.js";
export * as mediaTypes from "./media-types.js";
export { parsePlatform, formatPlatform, defaultPlatform, selectManifest } from "./registry/platform.js";
