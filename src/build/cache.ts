// The build cache: one JSON file per step key under $ISOMER_HOME/build-cache, holding the image
// state after that step (config + layers). A key is the parent's key + the instruction + what it
// read (context file digests, build-arg values), so the same step on the same parent is reused.
import { createHash } from "node:crypto";
import { writeFileAtomic } from "../util/atomic-write.js";
import { join } from "node:path";
import type { ImageStore } from "../images/store/image-store.js";
import type { ImageConfigJson, LayerDescriptor } from "../images/types.js";
import { readIfExists } from "../util/missing.js";

// The image as it stands between two instructions.
export interface BuildState {
  key: string;
  config: ImageConfigJson;
  layers: LayerDescriptor[];
}

// The key of a step: sha256 over the parent's key and the step's parts.
export function stepKey(parent: string, ...parts: string[]): string {
  const h = createHash("sha256").update(parent);
  for (const p of parts) h.update("\0").update(p);
  return h.digest("hex");
}

function cacheFile(store: ImageStore, key: string): string {
  return join(store.home, "build-cache", `${key}.json`);
}

// The cached state for `key`, if it exists and its layer blobs are still in the store.
export async function cachedState(store: ImageStore, key: string): Promise<BuildState | undefined> {
  const text = await readIfExists(cacheFile(store, key));
  if (!text) return undefined;
  const state = JSON.parse(text) as BuildState;
  for (const layer of state.layers) if (!(await store.hasBlob(layer.digest))) return undefined;
  return state;
}

// Remember `state` under its key (atomic write).
export async function saveState(store: ImageStore, state: BuildState): Promise<void> {
  await writeFileAtomic(cacheFile(store, state.key), JSON.stringify(state));
}
