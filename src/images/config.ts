// isomer's image settings, from the `images:` key of isomer's own config file:
//   $ISOMER_CONFIG, else $ISOMER_HOME/config.yml, else ~/.config/isomer/config.yml (first found).
//
//   images:
//     insecure_registries: ["127.0.0.1:5000"]          # plain HTTP allowed only for these
//     mirrors:
//       docker.io: ["http://127.0.0.1:5000"]            # tried in order, then docker.io itself
//     debian_mirror: http://deb.debian.org/debian       # for bootstrap
//     bootstrap:                                        # tags that may be bootstrapped when no
//       "geerlingguy/docker-debian12-ansible:latest":   # registry answers (debian:bookworm,
//         suite: bookworm                               # debian:12, debian:trixie, debian:13
//         include: [python3, sudo, systemd]             # are built in)
//     recipes:                                          # other names built from a recipe of
//       "registry.example/debian12:latest": debian12-ansible   # templates/images/ when missing
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { ConfigError } from "../errors.js";
import { isomerHome } from "../util/paths.js";
import { normalizeReference } from "./reference.js";
import { BUILTIN_RECIPES } from "./recipes.js";

// A Debian suite (and packages) that may stand in for a tag.
export interface BootstrapTarget {
  suite: string;
  include?: string[];
}

// Resolved image settings.
export interface ImageSettings {
  file?: string; // the config file read, if any
  insecureRegistries: string[]; // HOST[:PORT]
  mirrors: Record<string, string[]>; // registry domain -> mirror endpoints (URLs or HOST[:PORT])
  debianMirror?: string;
  bootstrap: Record<string, BootstrapTarget>; // normalized reference -> suite
  recipes: Record<string, string>; // normalized reference -> recipe name (recipeOf, templates/images/)
}

// Tags isomer knows how to bootstrap with no configuration.
export const BUILTIN_BOOTSTRAP: Record<string, BootstrapTarget> = {
  "docker.io/library/debian:bullseye": { suite: "bullseye" },
  "docker.io/library/debian:11": { suite: "bullseye" },
  "docker.io/library/debian:bookworm": { suite: "bookworm" },
  "docker.io/library/debian:12": { suite: "bookworm" },
  "docker.io/library/debian:trixie": { suite: "trixie" },
  "docker.io/library/debian:13": { suite: "trixie" },
};

// The config file isomer reads, or undefined when none exists.
export function imageConfigPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ISOMER_CONFIG) return env.ISOMER_CONFIG;
  const candidates = [join(isomerHome(env), "config.yml"), join(homedir(), ".config", "isomer", "config.yml")];
  return candidates.find((p) => existsSync(p));
}

// Read and check the `images:` settings; a missing file means defaults.
export function loadImageSettings(env: NodeJS.ProcessEnv = process.env): ImageSettings {
  const file = imageConfigPath(env);
  const settings: ImageSettings = { file, insecureRegistries: [], mirrors: {}, bootstrap: { ...BUILTIN_BOOTSTRAP }, recipes: { ...BUILTIN_RECIPES } };
  if (!file || !existsSync(file)) return settings;
  let doc: unknown;
  try {
    const { parse } = createRequire(import.meta.url)("yaml") as typeof import("yaml"); // only when a file exists: yaml costs ~0.3 s to load
    doc = parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new ConfigError(`cannot parse \`${file}\`: ${(e as Error).message}`, { location: file, cause: e });
  }
  const images = (doc as { images?: Record<string, unknown> } | null)?.images;
  if (images === undefined || images === null) return settings;
  const where = (key: string) => ({ location: file, hint: `fix \`images.${key}\` in ${file}` });
  if (typeof images !== "object") throw new ConfigError(`Expected \`images\` to be a mapping, got \`${JSON.stringify(images)}\``, where(""));
  const insecure = images.insecure_registries ?? [];
  if (!Array.isArray(insecure) || insecure.some((h) => typeof h !== "string")) {
    throw new ConfigError("Expected `images.insecure_registries` to be a list of `HOST:PORT` strings", where("insecure_registries"));
  }
  settings.insecureRegistries = insecure as string[];
  const mirrors = images.mirrors ?? {};
  if (typeof mirrors !== "object" || Array.isArray(mirrors)) throw new ConfigError("Expected `images.mirrors` to map a registry to a list of mirrors", where("mirrors"));
  for (const [registry, list] of Object.entries(mirrors as Record<string, unknown>)) {
    const endpoints = typeof list === "string" ? [list] : list;
    if (!Array.isArray(endpoints) || endpoints.some((m) => typeof m !== "string")) {
      throw new ConfigError(`Expected \`images.mirrors.${registry}\` to be a list of URLs or \`HOST:PORT\``, where(`mirrors.${registry}`));
    }
    settings.mirrors[registry === "index.docker.io" ? "docker.io" : registry] = endpoints as string[];
  }
  if (images.debian_mirror !== undefined) settings.debianMirror = String(images.debian_mirror);
  const boot = images.bootstrap ?? {};
  for (const [ref, target] of Object.entries(boot as Record<string, unknown>)) {
    const t = (typeof target === "string" ? { suite: target } : target) as BootstrapTarget;
    if (!t || typeof t.suite !== "string") throw new ConfigError(`Expected \`images.bootstrap["${ref}"].suite\` to name a Debian suite`, where("bootstrap"));
    settings.bootstrap[normalizeReference(ref)] = { suite: t.suite, ...(Array.isArray(t.include) ? { include: t.include.map(String) } : {}) };
  }
  const recipes = images.recipes ?? {};
  if (typeof recipes !== "object" || Array.isArray(recipes)) throw new ConfigError("Expected `images.recipes` to map image names to recipe names", where("recipes"));
  for (const [ref, name] of Object.entries(recipes as Record<string, unknown>)) {
    if (typeof name !== "string") throw new ConfigError(`Expected \`images.recipes["${ref}"]\` to name a recipe (e.g. \`debian12-ansible\`), got \`${JSON.stringify(name)}\``, where("recipes"));
    settings.recipes[normalizeReference(ref)] = name;
  }
  return settings;
}
