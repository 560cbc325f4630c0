// `isomer image inspect REF`: manifest, config and layers (with their unpacked directories) as JSON.
import { existsSync } from "node:fs";
import { ImageNotFoundError } from "../../images/errors.js";
import { out, storeOf, type ImageCommandOptions } from "./options.js";

// What `image inspect` prints.
export interface ImageInspection {
  ref: string;
  digest: string;
  mediaType?: string;
  config: unknown;
  layers: Array<{ digest: string; diffId: string; mediaType: string; size: number; unpacked?: string }>;
}

// Describe a stored image (always JSON, like `docker inspect`).
export async function imageInspect(ref: string, options: ImageCommandOptions = {}): Promise<ImageInspection> {
  const store = storeOf(options);
  const entry = await store.lookup(ref);
  if (!entry) throw new ImageNotFoundError(ref);
  const image = await store.manifestOf(entry.digest);
  const result: ImageInspection = {
    ref,
    digest: image.digest,
    mediaType: image.manifest.mediaType,
    config: image.config,
    layers: image.layers.map((l) => {
      const dir = store.layerDir(l.diffId);
      return { digest: l.digest, diffId: l.diffId, mediaType: l.mediaType, size: l.size, ...(existsSync(dir) ? { unpacked: dir } : {}) };
    }),
  };
  out(options)(JSON.stringify(result, null, 2) + "\n");
  return result;
}
