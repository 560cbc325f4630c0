// The `isomer image` commands (re-exports only).
export { imagePull, type ImagePullOptions } from "./pull.js";
export { imageList } from "./list.js";
export { imageInspect, type ImageInspection } from "./inspect.js";
export { imageRemove, imagePrune, type ImageRemoveOptions } from "./remove.js";
export { imageTag } from "./tag.js";
export { imageImport, imageBootstrap, imageBuild, type ImageImportOptions, type ImageBootstrapOptions, type ImageBuildOptions } from "./sources.js";
export type { ImageCommandOptions } from "./options.js";
