// `isomer image rm REF...` (untag, then free what no tag uses) and `isomer image prune`.
import { ImageNotFoundError } from "../../images/errors.js";
import { normalizeReference as normalized } from "../../images/reference.js";
import type { PruneResult } from "../../images/store/index.js";
import { humanSize, shortRef } from "./format.js";
import { out, storeOf, type ImageCommandOptions } from "./options.js";

// Options of `image rm`.
export interface ImageRemoveOptions extends ImageCommandOptions {
  prune?: boolean; // default true: delete blobs and layers no other tag uses
}

// Remove tags; every ref must exist (nothing is removed otherwise).
export async function imageRemove(refs: string[], options: ImageRemoveOptions = {}): Promise<PruneResult | undefined> {
  const store = storeOf(options);
  for (const ref of refs) if (!(await store.tags.get(normalized(ref)))) throw new ImageNotFoundError(ref, "see `isomer image ls` for the stored images");
  for (const ref of refs) {
    await store.remove(ref);
    if (!options.json) out(options)(`untagged ${shortRef(normalized(ref))}\n`);
  }
  const pruned = options.prune === false ? undefined : await store.prune();
  if (options.json) out(options)(JSON.stringify({ removed: refs.map(normalized), pruned }, null, 2) + "\n");
  else if (pruned) out(options)(describe(pruned));
  return pruned;
}

// Delete blobs and layers that no tag reaches, and leftovers of interrupted pulls.
export async function imagePrune(options: ImageCommandOptions = {}): Promise<PruneResult> {
  const pruned = await storeOf(options).prune();
  out(options)(options.json ? JSON.stringify(pruned, null, 2) + "\n" : describe(pruned));
  return pruned;
}

function describe(p: PruneResult): string {
  return `deleted ${p.blobs} blobs (${humanSize(p.bytes)}), ${p.layers} unpacked layers and ${p.snapshots} prepared-instance snapshots\n`;
}
