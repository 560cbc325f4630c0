// Dockerfile builds (barrel).
export { buildImage, type BuildOptions, type BuildResult, type BuildStepReport } from "./build-image.js";
export { parseDockerfile, splitWords, parsePairs, substitute, type Instruction } from "./dockerfile.js";
export { renderTemplate } from "./render.js";
export { encodeTar, encodeTarEntry, type TarEntry } from "./tar-entry.js";
export { buildRecipe, ensureImageOrRecipe, type RecipeBuildOptions } from "./recipe.js";
