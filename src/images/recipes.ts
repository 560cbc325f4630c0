// Image recipes: Dockerfiles shipped under templates/images/ that reproduce published images
// (geerlingguy/docker-debian{11,12,13}-ansible: one Dockerfile, a build arg per release), so a
// matrix over distributions works with no registry. Which image names a recipe stands for: the built-in map, plus `images.recipes` in
// isomer's config.yml (src/images/config.ts).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../errors.js";
import { templatesDir } from "../util/paths.js";

// Normalized reference -> recipe name, known without configuration.
export const BUILTIN_RECIPES: Record<string, string> = {
  "docker.io/geerlingguy/docker-debian11-ansible:latest": "debian11-ansible",
  "docker.io/geerlingguy/docker-debian12-ansible:latest": "debian12-ansible",
  "docker.io/geerlingguy/docker-debian13-ansible:latest": "debian13-ansible",
};

// The directory holding the recipes: a sub-directory with a Dockerfile each, and recipes.json for
// the recipes that share one Dockerfile and differ in build args.
export function recipesRoot(): string {
  return join(templatesDir(), "images");
}

// A recipe: its build context and the build args that pick its variant of the Dockerfile there.
export interface Recipe {
  name: string;
  context: string;
  buildArgs: Record<string, string>;
}

// The recipes recipes.json declares: name -> context directory (under the root) and build args.
type Variants = Record<string, { context: string; buildArgs?: Record<string, string> }>;

function variants(root: string): Variants {
  const file = join(root, "recipes.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Variants) : {};
}

// Every recipe: those of recipes.json, and each directory with a Dockerfile that none of them uses.
function recipes(root: string): Map<string, Recipe> {
  const out = new Map<string, Recipe>();
  const declared = variants(root);
  for (const [name, v] of Object.entries(declared)) out.set(name, { name, context: join(root, v.context), buildArgs: v.buildArgs ?? {} });
  const shared = new Set(Object.values(declared).map((v) => v.context));
  const dirs = existsSync(root) ? readdirSync(root) : [];
  for (const dir of dirs) if (!shared.has(dir) && existsSync(join(root, dir, "Dockerfile"))) out.set(dir, { name: dir, context: join(root, dir), buildArgs: {} });
  return out;
}

// The recipes isomer ships, sorted.
export function recipeNames(root = recipesRoot()): string[] {
  return [...recipes(root).keys()].sort();
}

// Recipe `name`; a ConfigError naming the known ones otherwise.
export function recipeOf(name: string, root = recipesRoot()): Recipe {
  const recipe = recipes(root).get(name);
  if (!recipe) {
    throw new ConfigError(`Unknown image recipe \`${name}\``, { hint: `Known recipes: ${recipeNames(root).map((n) => `\`${n}\``).join(", ") || "none"} (templates/images/).` });
  }
  return recipe;
}

// The tag a recipe is built under when none is asked for: the published image it reproduces.
export function recipeTag(name: string): string {
  return Object.entries(BUILTIN_RECIPES).find(([, n]) => n === name)?.[0] ?? `localhost/isomer/${name}:latest`;
}
