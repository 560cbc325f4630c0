// The FROM image of a build: from the store, else through ensureImage (pull, or bootstrap when
// allowed; its errors say why neither worked). `scratch` is the empty image.
import { ConfigError } from "../errors.js";
import { ensureImage } from "../images/ensure.js";
import type { ImageStore } from "../images/store/image-store.js";
import type { BuildState } from "./cache.js";

// The build state of the image `ref` (its manifest digest is the cache key root).
export async function resolveBase(store: ImageStore, ref: string, where: string): Promise<BuildState> {
  if (ref === "scratch") return { key: "scratch", config: { os: "linux", config: {} }, layers: [] };
  let entry = await store.lookup(ref);
  if (!entry) {
    await ensureImage(ref, { store });
    entry = await store.lookup(ref);
  }
  if (!entry) {
    throw new ConfigError(`${where}: the base image \`${ref}\` is not in the store`, {
      location: where,
      hint: `pull, import or bootstrap it first (\`isomer image pull ${ref}\`, \`isomer image bootstrap ${ref} --suite bookworm\`)`,
    });
  }
  const image = await store.manifestOf(entry.digest);
  return { key: image.digest, config: structuredClone(image.config), layers: image.layers };
}
