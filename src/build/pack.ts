// A directory (a RUN step's overlay upper dir) as a layer blob: isomer-unpack --pack writes it as
// a tar with overlay whiteouts turned back into `.wh.` entries, streamed into the store. Without
// root it runs as root of a user namespace with the caller's mapping: it can read every file the
// step's users made, and the tar carries the container's ids, not the subordinate host ids.
import { spawn } from "node:child_process";
import { PassThrough } from "node:stream";
import { IsomerError } from "../errors.js";
import { OCI_LAYER_TAR } from "../images/media-types.js";
import type { ImageStore } from "../images/store/image-store.js";
import type { LayerDescriptor } from "../images/types.js";
import { unpackBinary } from "../images/unpack/binary.js";
import { unpackCommand } from "../images/unpack/unpack-layer.js";
import { callerIdMap, isRootless } from "../util/idmap.js";

// Pack `dir` into an uncompressed layer blob in `store`; its digest is also its diff_id.
export async function packDirToLayer(store: ImageStore, dir: string): Promise<LayerDescriptor> {
  const [file, args] = unpackCommand(unpackBinary(), ["--pack", dir], isRootless() ? callerIdMap() : undefined);
  const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  // read from the first byte on: the store awaits a few things before it starts consuming
  const tar = child.stdout.pipe(new PassThrough({ highWaterMark: 1 << 20 }));
  const [stored, code] = await Promise.allSettled([store.putBlob(tar, { mediaType: OCI_LAYER_TAR }), exited]);
  if (code.status === "rejected" || code.value !== 0) {
    throw new IsomerError("ISOMER_BUILD_PACK", `cannot pack \`${dir}\` into a layer: ${stderr.trim() || String(code.status === "rejected" ? code.reason : code.value)}`);
  }
  if (stored.status === "rejected") throw stored.reason;
  return { ...stored.value, mediaType: OCI_LAYER_TAR, diffId: stored.value.digest };
}
