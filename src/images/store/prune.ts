// Garbage collection: delete blobs and unpacked layers that no tag reaches, prepared-instance
// snapshots, leftovers of interrupted writes, and nothing a live process may still be writing or
// a mount still uses.
import { readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { ImageIndex, ImageManifest, ImageConfigJson } from "../types.js";
import type { ImageStore } from "./image-store.js";
import { oldestLiveLease } from "./leases.js";
import { removeTree } from "../../util/remove-tree.js";
import { ownerAlive } from "../../util/owner.js";
import { unlessMissing } from "../../util/missing.js";
import { mountEntries, unescapeMountPath } from "../../util/mountinfo.js";

// What prune removed.
export interface PruneResult {
  blobs: number;
  layers: number;
  snapshots: number; // prepared-instance snapshots (store/snapshots.ts) no container was using
  bytes: number; // blob bytes freed (unpacked layer sizes are not counted)
}

// Collect the reachable set, then delete everything else older than the oldest live lease.
export async function pruneStore(store: ImageStore): Promise<PruneResult> {
  const { blobs, diffIds } = await reachable(store);
  const since = await oldestLiveLease(store.storeDir);
  const inUse = await mountedLowerDirs();
  const result: PruneResult = { blobs: 0, layers: 0, snapshots: 0, bytes: 0 };
  const spare = async (path: string) => since !== undefined && (await stat(path)).ctimeMs >= since;

  for (const name of await readdir(store.blobs.dir).catch(() => [] as string[])) {
    const path = join(store.blobs.dir, name);
    const tmp = /^\.tmp-(\d+)-/.exec(name);
    if (tmp && !ownerAlive(tmp[1])) await rm(path, { force: true });
    if (!/^[a-f0-9]{64}$/.test(name) || blobs.has(`sha256:${name}`) || (await spare(path))) continue;
    result.bytes += (await stat(path)).size;
    await rm(path, { force: true });
    result.blobs++;
  }
  await store.layerStore.removeStaleTmp();
  for (const name of await readdir(store.layerStore.dir).catch(() => [] as string[])) {
    const path = join(store.layerStore.dir, name);
    if (!/^[a-f0-9]{64}$/.test(name) || diffIds.has(`sha256:${name}`) || mountUses(inUse, path) || (await spare(path))) continue;
    await removeTree(path);
    result.layers++;
  }
  result.snapshots = await store.snapshots.prune(inUse);
  return result;
}

async function reachable(store: ImageStore): Promise<{ blobs: Set<string>; diffIds: Set<string> }> {
  const blobs = new Set<string>();
  const diffIds = new Set<string>();
  const visit = async (digest: string): Promise<void> => {
    if (blobs.has(digest)) return;
    const doc = await unlessMissing(store.readJson<ImageManifest & ImageIndex>(digest));
    if (!doc) return;
    blobs.add(digest);
    for (const child of doc.manifests ?? []) if (await store.hasBlob(child.digest)) await visit(child.digest);
    if (!doc.config) return;
    blobs.add(doc.config.digest);
    for (const layer of doc.layers ?? []) blobs.add(layer.digest);
    const config = await unlessMissing(store.readJson<ImageConfigJson>(doc.config.digest));
    for (const id of config?.rootfs?.diff_ids ?? []) diffIds.add(id);
  };
  for (const entry of await store.tags.entries()) await visit(entry.digest);
  return { blobs, diffIds };
}

// True when a mounted lowerdir is `dir`. mountinfo shows lowerdirs as they were given, and
// rootfs.ts gives them relative to their common parent (layers/sha256/<hex>, snapshots/<key>/layer):
// a relative entry matches the end of `dir`.
export function mountUses(inUse: Set<string>, dir: string): boolean {
  for (const used of inUse) if (used === dir || (!used.startsWith("/") && dir.endsWith(`/${used}`))) return true;
  return false;
}

// Every overlay lowerdir mounted on this host (layers a container is using right now).
async function mountedLowerDirs(): Promise<Set<string>> {
  const text = await readFile("/proc/self/mountinfo", "utf8").catch(() => "");
  const dirs = new Set<string>();
  for (const mount of mountEntries(text)) {
    for (const option of mount.superOptions) {
      if (option.startsWith("lowerdir=")) for (const d of option.slice("lowerdir=".length).split(":")) dirs.add(unescapeMountPath(d));
    }
  }
  return dirs;
}
