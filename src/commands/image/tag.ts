// `isomer image tag SOURCE TARGET`: give a stored image another name.
import { ImageNotFoundError } from "../../images/errors.js";
import { normalizeReference } from "../../images/reference.js";
import { shortRef } from "./format.js";
import { out, storeOf, type ImageCommandOptions } from "./options.js";

// Point `target` at the manifest `source` names.
export async function imageTag(source: string, target: string, options: ImageCommandOptions = {}): Promise<void> {
  const store = storeOf(options);
  const entry = await store.lookup(source);
  if (!entry) throw new ImageNotFoundError(source, "see `isomer image ls` for the stored images");
  await store.tag(target, entry.digest, entry.platform);
  if (!options.json) out(options)(`tagged ${shortRef(normalizeReference(target))}\n`);
}
