// Debian bootstrap with mmdebstrap (barrel).
export { bootstrapImage, type BootstrapOptions, type BootstrapResult } from "./bootstrap.js";
export { mmdebstrapArgs, checkBootstrapPrerequisites, CUSTOMIZE_HOOK, OLD_APT_STAMP, type DebianRootfsSpec } from "./mmdebstrap.js";
export { bootstrapConfig, bootstrapKey, BOOTSTRAP_LABEL } from "./image-config.js";
