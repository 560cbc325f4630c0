// Prepared-instance snapshots of the embedded driver: an instance's key is the digest of the
// prepare inputs (ctx.snapshot), its image (reference and layer digests) and its platform keys.
// Create stacks the snapshots as the top lower layer when every instance has one; after prepare
// each instance's upper directory is stored as its snapshot (images/store/snapshots.ts).
import { createHash } from "node:crypto";
import { basename } from "node:path";
import type { Platform } from "../../config/types.js";
import { ImageStore } from "../../images/store/index.js";
import type { SnapshotInfo } from "../../images/store/snapshots.js";
import { bundlePaths } from "../../runtime/index.js";
import type { DriverContext } from "../driver.js";
import { sortedKeys } from "../../util/sorted-keys.js";
import type { DriverImage } from "./image.js";

// What a snapshot of one instance is keyed on besides the prepare inputs.
export function snapshotBase(driver: string, image: DriverImage, platform: Platform): string {
  const layers = image.layers.map((dir) => basename(dir));
  return createHash("sha256").update(JSON.stringify({ driver, image: image.ref, layers, platform: sortedKeys(platform) })).digest("hex");
}

// The snapshot key of an instance.
export function snapshotKey(inputs: string, base: string): string {
  return createHash("sha256").update(`${inputs}\0${base}`).digest("hex");
}

// A snapshot an instance starts from.
export interface UsedSnapshot extends SnapshotInfo {
  layer: string;
}

// The snapshots of `bases` (one per instance, by name) when every one exists, else undefined
// (then prepare runs on all of them and saves theirs). Says which it is.
export async function findSnapshots(ctx: DriverContext, bases: Map<string, string>): Promise<Map<string, UsedSnapshot> | undefined> {
  const inputs = ctx.snapshot?.inputs();
  if (inputs === undefined) {
    if (ctx.snapshot) ctx.logger.info("snapshots: none used or saved, the scenario has no prepare playbook");
    return undefined;
  }
  const store = new ImageStore().snapshots;
  const found = new Map<string, UsedSnapshot>();
  const missing: string[] = [];
  for (const [name, base] of bases) {
    const key = snapshotKey(inputs, base);
    const info = await store.find(key);
    if (info) found.set(name, { ...info, layer: store.layerPath(key) });
    else missing.push(`${name} (${key.slice(0, 12)})`);
  }
  if (missing.length > 0) {
    ctx.logger.info(`snapshots: no prepared snapshot for ${missing.join(", ")}: prepare runs and saves one`);
    return undefined;
  }
  for (const [name, used] of found) ctx.logger.info(`${name}: starts from the prepared snapshot ${used.key.slice(0, 12)} of ${used.created} (prepare is not run)`);
  return found;
}

// The per-instance part of driver data that snapshots need.
export interface SnapshotRecord {
  container: string;
  snapshotBase?: string;
  snapshot?: string; // the key of the snapshot the instance started from
}

// Saves the snapshot of each of `instances` (skipping any that started from one); returns notes.
export async function saveSnapshots(ctx: DriverContext, records: Record<string, SnapshotRecord>, instances: string[], images: Record<string, string>): Promise<string[]> {
  const inputs = ctx.snapshot?.inputs();
  if (inputs === undefined) return [];
  const store = new ImageStore().snapshots;
  const notes: string[] = [];
  await Promise.all(instances.map(async (name) => {
    const record = records[name];
    if (!record?.snapshotBase) return;
    if (record.snapshot) {
      notes.push(`${name}: started from a snapshot; its changes are not saved as another`);
      return;
    }
    const key = snapshotKey(inputs, record.snapshotBase);
    await store.save(bundlePaths(record.container).upper, { key, created: new Date().toISOString(), image: images[name] ?? "", platform: name });
    notes.push(`${name}: saved the prepared snapshot ${key.slice(0, 12)} (a later run with \`--snapshot\` and the same prepare inputs starts from it)`);
  }));
  return notes.sort();
}
