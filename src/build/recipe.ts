// Building an image from one of isomer's recipes (templates/images/, recipeOf), ahead of time
// (`isomer image build --recipe NAME`) or when an image a recipe stands for is missing and no
// registry answers (ensureImageOrRecipe, used by the embedded driver's create). The build's layer
// cache makes a second build of an unchanged recipe reuse every step.
import { IsomerError } from "../errors.js";
import { isomerHome } from "../util/paths.js";
import { loadImageSettings } from "../images/config.js";
import { ensureImage, type EnsuredImage, type EnsureOptions } from "../images/ensure.js";
import { RegistryUnreachableError } from "../images/errors.js";
import { recipeOf, recipeTag } from "../images/recipes.js";
import { familiarReference, formatReference, parseReference } from "../images/reference.js";
import { ImageStore } from "../images/store/image-store.js";
import { buildImage, type BuildResult } from "./build-image.js";

// Options of buildRecipe.
export interface RecipeBuildOptions {
  tag?: string; // default: the published image the recipe reproduces
  store?: ImageStore;
  log?: (line: string) => void;
  noCache?: boolean;
}

// Build recipe `name` and tag the result.
export async function buildRecipe(name: string, options: RecipeBuildOptions = {}): Promise<BuildResult> {
  const { context, buildArgs } = recipeOf(name);
  return buildImage({ tag: options.tag ?? recipeTag(name), context, buildArgs, store: options.store, log: options.log, noCache: options.noCache });
}

// ensureImage, and when that finds no registry and no bootstrap for `ref` but a recipe stands for
// it (built in, or `images.recipes`), build the recipe under `ref` and say so.
// `build` is buildRecipe unless a test injects one.
export async function ensureImageOrRecipe(ref: string, options: EnsureOptions = {}, build: typeof buildRecipe = buildRecipe): Promise<EnsuredImage> {
  const env = options.env ?? process.env;
  const settings = options.settings ?? loadImageSettings(env);
  const name = formatReference(parseReference(ref));
  const recipe = settings.recipes[name];
  try {
    return await ensureImage(ref, { ...options, settings });
  } catch (e) {
    const offline = e instanceof IsomerError && e.code === "ISOMER_IMAGE_UNAVAILABLE" && e.cause instanceof RegistryUnreachableError;
    if (!recipe || !offline) throw e;
    const store = options.store ?? new ImageStore({ home: isomerHome(env) });
    const short = familiarReference(parseReference(ref));
    options.log?.(`registry unreachable; building \`${short}\` from isomer's recipe \`${recipe}\` (templates/images/; a few minutes the first time)`);
    const built = await build(recipe, { tag: name, store });
    options.log?.(`image \`${short}\` built from recipe \`${recipe}\``);
    return { ...built.image, source: "built" };
  }
}
