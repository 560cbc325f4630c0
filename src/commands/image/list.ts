// `isomer image ls [--json]`: the tagged images with platform, layers and size.
import type { ImageSummary } from "../../images/types.js";
import { humanSize, shortDigest, shortRef, table } from "./format.js";
import { out, storeOf, type ImageCommandOptions } from "./options.js";

// List the store's images.
export async function imageList(options: ImageCommandOptions = {}): Promise<ImageSummary[]> {
  const images = await storeOf(options).list();
  const write = out(options);
  if (options.json) write(JSON.stringify(images, null, 2) + "\n");
  else write(table(["IMAGE", "ID", "PLATFORM", "LAYERS", "SIZE", "CREATED"], images.map((i) => [shortRef(i.ref), shortDigest(i.digest), i.platform ?? "", String(i.layers), humanSize(i.size), i.created?.slice(0, 19).replace("T", " ") ?? ""])));
  return images;
}
