// Image recipes: Dockerfiles shipped under templates/images/<name>/ that reproduce published images
// (geerlingguy/docker-debian{11,12,13}-ansible), so a matrix over distributions works with no
// registry. Which image names a recipe stands for: the built-in map, plus `images.recipes` in
// isomer's config.yml (src/images/config.ts).
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../errors.js";
import { templatesDir } from "../util/paths.js";

// Normalized reference -> recipe name, known without configuration.
export const BUILTIN_RECIPES: Record<string, string> = {
  "docker.io/geerlingguy/docker-debian11-ansible:latest": "debian11-ansible",
  "docker.io/geerlingguy/docker-debian12-ansible:latest": "debian12-ansible",
  "docker.io/geerlingguy/docker-debian13-ansible:latest": "debian13-ansible",
};

// The directory holding the recipes (one sub-directory with a Dockerfile each).
export function recipesRoot(): string {
  return join(templatesDir(), "images");
}

// The recipes isomer ships, sorted.
export function recipeNames(root = recipesRoot()): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root).filter((n) => existsSync(join(root, n, "Dockerfile"))).sort();
}

// The build context of recipe `name`; a ConfigError naming the known ones otherwise.
export function recipeDir(name: string, root = recipesRoot()): string {
  if (!recipeNames(root).includes(name)) {
    throw new ConfigError(`Unknown image recipe \`${name}\``, { hint: `Known recipes: ${recipeNames(root).map((n) => `\`${n}\``).join(", ") || "none"} (templates/images/).` });
  }
  return join(root, name);
}

// The tag a recipe is built under when none is asked for: the published image it reproduces.
export function recipeTag(name: string): string {
  return Object.entries(BUILTIN_RECIPES).find(([, n]) => n === name)?.[0] ?? `localhost/isomer/${name}:latest`;
}
