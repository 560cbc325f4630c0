// The guest's image store: the images the chosen suites need, taken from the host's store under
// $ISOMER_HOME (made available there first with isomer's own ensureImageOrRecipe: store, pull, an
// mmdebstrap bootstrap, or a build from isomer's recipe for that name), copied into a fresh ISOMER_HOME for the guest: their blobs, tags, unpacked
// layers, and the build-cache entries whose layers came along (so Dockerfile builds of those bases hit);
// and the host's package cache.
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ImageStore } from "../../dist/src/images/index.js";
import { ensureImageOrRecipe } from "../../dist/src/build/index.js";

// Fill `destHome` with `refs` from the store in `home`; `link(src, dest)` copies a tree (hard links).
export async function prepareStore(home, destHome, refs, link) {
  mkdirSync(destHome, { recursive: true });
  if (refs.length === 0) return;
  const src = new ImageStore({ home });
  const dest = new ImageStore({ home: destHome });
  const blobs = new Set();
  const diffIds = new Set();
  for (const ref of refs) {
    await ensureImageOrRecipe(ref, { store: src, env: { ...process.env, ISOMER_HOME: home }, log: (m) => console.log(`   ${ref}: ${m}`) });
    const entry = await src.lookup(ref);
    const image = await src.manifestOf(entry.digest);
    for (const d of [entry.digest, image.digest, image.manifest.config.digest, ...image.layers.map((l) => l.digest)]) blobs.add(d);
    for (const l of image.layers) diffIds.add(l.diffId);
    await copyBlobs(src, dest, blobs);
    await dest.tag(ref, entry.digest, entry.platform);
  }
  for (const diffId of diffIds) {
    const to = dest.layerDir(diffId);
    mkdirSync(join(to, ".."), { recursive: true });
    if (!existsSync(to)) await link(src.layerDir(diffId), to);
  }
  // build-cache entries whose layers all came along
  const cacheDir = join(home, "build-cache");
  if (!existsSync(cacheDir)) return;
  mkdirSync(join(destHome, "build-cache"), { recursive: true });
  for (const file of readdirSync(cacheDir).filter((f) => f.endsWith(".json"))) {
    const state = JSON.parse(readFileSync(join(cacheDir, file), "utf8"));
    const layers = state.layers ?? [];
    const base = layers.filter((l) => diffIds.has(l.diffId)).length;
    if (base === 0) continue; // built on none of our images
    for (const l of layers) blobs.add(l.digest);
    if (!layers.every((l) => existsSync(src.blobPath(l.digest)) && existsSync(src.layerDir(l.diffId)))) continue;
    await copyBlobs(src, dest, blobs);
    for (const l of layers) if (!existsSync(dest.layerDir(l.diffId))) await link(src.layerDir(l.diffId), dest.layerDir(l.diffId));
    copyFileSync(join(cacheDir, file), join(destHome, "build-cache", file));
  }
}

// The host's package cache (the .debs and indexes instances fetched through it, under
// $ISOMER_HOME/packages/cache) into the guest's, so that apt in the guest's instances reads them from
// disk instead of through qemu's user-mode network; indexes are still revalidated with the mirror.
export async function preparePackageCache(home, destHome, link) {
  const from = join(home, "packages", "cache");
  if (!existsSync(from)) return false;
  mkdirSync(join(destHome, "packages"), { recursive: true });
  await link(from, join(destHome, "packages", "cache"));
  return true;
}

// Blobs are immutable: hard links (copies across file systems); the guest gets its own disk anyway.
async function copyBlobs(src, dest, blobs) {
  for (const d of blobs) {
    const from = src.blobPath(d), to = dest.blobPath(d);
    if (existsSync(to) || !existsSync(from)) continue;
    mkdirSync(dirname(to), { recursive: true });
    try { linkSync(from, to); } catch { copyFileSync(from, to); }
  }
}
