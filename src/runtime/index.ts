// The runtime layer's public surface (re-exports only).
export * from "./oci-types.js";
export * from "./spec.js";
export * from "./host-limits.js";
export * from "./capabilities.js";
export * from "./rootfs.js";
export * from "./etc-files.js";
export * from "./bundle.js";
export * from "./client.js";
export * from "./seccomp-profile.js";
export * from "./seccomp-default.js";
