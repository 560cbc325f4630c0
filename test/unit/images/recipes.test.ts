// Image recipes: the shipped ones, `images.recipes` in config.yml, and ensureImageOrRecipe's
// decision (build only when no registry answers and a recipe stands for the name). The registry is
// an injected fetch that refuses connections; the build is injected (the real one is
// test/e2e/debian-family.test.ts, which builds and boots all three).
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ensureImageOrRecipe, type buildRecipe } from "../../../src/build/recipe.js";
import { loadImageSettings, BUILTIN_BOOTSTRAP } from "../../../src/images/config.js";
import { BUILTIN_RECIPES, recipeNames, recipeOf, recipeTag } from "../../../src/images/recipes.js";
import { ImageStore } from "../../../src/images/store/index.js";
import { ImageNotFoundError } from "../../../src/images/errors.js";
import { parseDockerfile, substitute } from "../../../src/build/dockerfile.js";
import { readFileSync } from "node:fs";

let home: string;
let store: ImageStore;
const refused = async () => {
  throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
};

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "isomer-test-recipes-"));
  store = new ImageStore({ home, unpackLayer: async (blob, _m, dest) => writeFile(join(dest, "blob"), blob) });
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(home, { recursive: true, force: true });
});

async function storeImage(ref: string): Promise<void> {
  const layer = await store.putBlob(Buffer.from(ref), { mediaType: "application/vnd.oci.image.layer.v1.tar" });
  await store.tag(ref, await store.putImage({ configJson: { config: { Cmd: ["/lib/systemd/systemd"] } }, layers: [{ ...layer, diffId: layer.digest }] }));
}

describe("image recipes", () => {
  it("ships the Debian 11, 12 and 13 Ansible recipes for geerlingguy's image names, each from its suite", () => {
    expect(recipeNames()).toEqual(["debian11-ansible", "debian12-ansible", "debian13-ansible"]);
    expect(recipeTag("debian13-ansible")).toBe("docker.io/geerlingguy/docker-debian13-ansible:latest");
    const suites = recipeNames().map((n) => {
      const { context, buildArgs } = recipeOf(n);
      const from = parseDockerfile(readFileSync(join(context, "Dockerfile"), "utf8"), n).find((i) => i.cmd === "FROM")!.args;
      return substitute(from, buildArgs);
    });
    expect(suites).toEqual(["debian:bullseye", "debian:bookworm", "debian:trixie"]);
    expect(new Set(recipeNames().map((n) => recipeOf(n).context)).size).toBe(1); // one Dockerfile for the three
    for (const base of suites) expect(BUILTIN_BOOTSTRAP[`docker.io/library/${base}`]).toBeDefined();
    expect(() => recipeOf("centos9")).toThrow(/Unknown image recipe `centos9`.*/);
  });

  it("takes the variants of recipes.json and each directory with a Dockerfile no variant shares", async () => {
    const root = join(home, "images");
    await mkdir(join(root, "shared"), { recursive: true });
    await mkdir(join(root, "own"), { recursive: true });
    await mkdir(join(root, "empty"), { recursive: true });
    await writeFile(join(root, "shared", "Dockerfile"), "ARG V\nFROM base:${V}\n");
    await writeFile(join(root, "own", "Dockerfile"), "FROM base:own\n");
    await writeFile(join(root, "recipes.json"), JSON.stringify({ a: { context: "shared", buildArgs: { V: "1" } }, b: { context: "shared", buildArgs: { V: "2" } } }));
    expect(recipeNames(root)).toEqual(["a", "b", "own"]);
    expect(recipeOf("b", root)).toEqual({ name: "b", context: join(root, "shared"), buildArgs: { V: "2" } });
    expect(recipeOf("own", root)).toEqual({ name: "own", context: join(root, "own"), buildArgs: {} });
    expect(() => recipeOf("shared", root)).toThrow(expect.objectContaining({ message: "Unknown image recipe `shared`", hint: expect.stringContaining("`a`, `b`, `own`") }));
  });

  it("maps other image names to recipes from `images.recipes` in config.yml, and refuses a non-name", async () => {
    const file = join(home, "config.yml");
    await writeFile(file, 'images:\n  recipes:\n    "registry.example/team/deb12": debian12-ansible\n');
    vi.stubEnv("ISOMER_CONFIG", file);
    expect(loadImageSettings().recipes).toEqual({ ...BUILTIN_RECIPES, "registry.example/team/deb12:latest": "debian12-ansible" });
    await writeFile(file, "images:\n  recipes:\n    deb12: [debian12-ansible]\n");
    expect(() => loadImageSettings()).toThrow(/images\.recipes\["deb12"\]/);
  });
});

describe("ensureImageOrRecipe", () => {
  const settings = { insecureRegistries: [], mirrors: {}, bootstrap: { ...BUILTIN_BOOTSTRAP }, recipes: { ...BUILTIN_RECIPES, "docker.io/team/deb12:latest": "debian12-ansible" } };

  it("builds the recipe under the asked name when no registry answers, and says so", async () => {
    const calls: [string, string | undefined][] = [];
    const build = (async (recipe: string, opts: { tag?: string }) => {
      calls.push([recipe, opts.tag]);
      await storeImage(opts.tag!);
      return { ref: opts.tag!, digest: "", steps: [], image: (await store.resolve(opts.tag!))! };
    }) as typeof buildRecipe;
    const messages: string[] = [];
    const image = await ensureImageOrRecipe("team/deb12", { store, settings, fetch: refused, log: (m) => messages.push(m) }, build);
    expect(image.source).toBe("built");
    expect(calls).toEqual([["debian12-ansible", "docker.io/team/deb12:latest"]]);
    expect(messages.join("\n")).toContain("building `team/deb12:latest` from isomer's recipe `debian12-ansible`");
    const again = await ensureImageOrRecipe("team/deb12", { store, settings, fetch: refused }, build);
    expect(again.source).toBe("store");
    expect(calls).toHaveLength(1);
  });

  it("builds nothing for a name no recipe stands for, or when the image is only missing (pull never)", async () => {
    const build = (async () => {
      throw new Error("must not build");
    }) as unknown as typeof buildRecipe;
    await expect(ensureImageOrRecipe("alpine:3", { store, settings, fetch: refused }, build)).rejects.toThrow(/registry cannot be reached/);
    await expect(ensureImageOrRecipe("team/deb12", { store, settings, fetch: refused, pull: "never" }, build)).rejects.toBeInstanceOf(ImageNotFoundError);
  });
});
