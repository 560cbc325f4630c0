// Unpacked layers under layers/sha256/<diff_id hex>/: each layer is unpacked once, into
// `.tmp-<hex>-<pid>`, and renamed into place only when complete, under a per-layer lock so that
// concurrent processes share the work. A directory under its final name is always complete.
import { existsSync } from "node:fs";
import { mkdir, readdir, rename } from "node:fs/promises";
import { join } from "node:path";
import { digestHex } from "../digest.js";
import type { LayerDescriptor } from "../types.js";
import { withLock } from "./lock.js";
import { removeTree } from "../../util/remove-tree.js";
import { ownerAlive } from "../../util/owner.js";
import { unpackLayer } from "../unpack/index.js";

// What unpacks a layer: writes the layer tar at blobPath into destDir; the 4th argument asks it
// to verify the uncompressed digest against the config's diff_id (src/images/unpack's, or a test's).
export type UnpackLayerFn = (blobPath: string, mediaType: string, destDir: string, options?: { diffId?: string }) => Promise<unknown>;

// The unpacker of src/images/unpack/.
export async function defaultUnpacker(): Promise<UnpackLayerFn> {
  return unpackLayer;
}

// The layers/sha256 directory of one isomer home.
export class LayerStore {
  readonly dir: string;
  constructor(layersDir: string, private readonly unpacker: () => Promise<UnpackLayerFn>) {
    this.dir = join(layersDir, "sha256");
  }

  // Directory of the unpacked layer with this diff_id (whether or not it exists).
  path(diffId: string): string {
    return join(this.dir, digestHex(diffId));
  }

  // Unpack the layer blob at `blobPath` unless it is there already; returns its directory.
  async ensure(layer: LayerDescriptor, blobPath: string): Promise<string> {
    const dest = this.path(layer.diffId);
    if (existsSync(dest)) return dest;
    await mkdir(this.dir, { recursive: true });
    const hex = digestHex(layer.diffId);
    return withLock(join(this.dir, `.lock-${hex}`), async () => {
      if (existsSync(dest)) return dest;
      await this.removeStaleTmp(hex);
      const tmp = join(this.dir, `.tmp-${hex}-${process.pid}`);
      await removeTree(tmp);
      await mkdir(tmp);
      try {
        const unpack = await this.unpacker();
        await unpack(blobPath, layer.mediaType, tmp, { diffId: layer.diffId });
        await rename(tmp, dest);
      } catch (e) {
        await removeTree(tmp);
        throw e;
      }
      return dest;
    });
  }

  // Move an already-unpacked directory (e.g. a build step's upper dir) into place as `diffId`.
  async adopt(diffId: string, srcDir: string): Promise<string> {
    const dest = this.path(diffId);
    await mkdir(this.dir, { recursive: true });
    return withLock(join(this.dir, `.lock-${digestHex(diffId)}`), async () => {
      if (existsSync(dest)) await removeTree(srcDir);
      else await rename(srcDir, dest);
      return dest;
    });
  }

  // Remove `.tmp-*` directories left by processes that died mid-unpack (all of them with `hex`
  // only when called under that layer's lock).
  async removeStaleTmp(hex?: string): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const removed: string[] = [];
    for (const name of names) {
      const m = /^\.tmp-([a-f0-9]{64})-(\d+)$/.exec(name);
      if (!m) continue;
      const mine = hex !== undefined && m[1] === hex;
      if (!mine && ownerAlive(m[2])) continue;
      await removeTree(join(this.dir, name));
      removed.push(name);
    }
    return removed;
  }
}
