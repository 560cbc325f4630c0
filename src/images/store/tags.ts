// The store's index.json: the OCI image layout's list of tagged manifests, keyed by the
// `org.opencontainers.image.ref.name` annotation holding the full normalized reference.
// Read-modify-write happens under a lock and lands with an atomic rename.
import { mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { OCI_INDEX } from "../media-types.js";
import type { Descriptor, ImageIndex } from "../types.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { withLock } from "./lock.js";
import { readIfExists } from "../../util/missing.js";

// The annotation naming a tag in index.json.
export const REF_NAME = "org.opencontainers.image.ref.name";

// index.json plus oci-layout of one store directory.
export class TagIndex {
  readonly indexPath: string;
  constructor(readonly storeDir: string) {
    this.indexPath = join(storeDir, "index.json");
  }

  // Create oci-layout and an empty index.json when missing.
  async init(): Promise<void> {
    await mkdir(join(this.storeDir, "blobs", "sha256"), { recursive: true });
    const layout = join(this.storeDir, "oci-layout");
    if (!existsSync(layout)) await writeFileAtomic(layout, JSON.stringify({ imageLayoutVersion: "1.0.0" }) + "\n");
    if (!existsSync(this.indexPath)) {
      await withLock(this.indexPath + ".lock", async () => {
        if (!existsSync(this.indexPath)) await this.write({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] });
      });
    }
  }

  // Every entry of index.json (tagged or not).
  async entries(): Promise<Descriptor[]> {
    const text = await readIfExists(this.indexPath);
    if (text === undefined) return [];
    return (JSON.parse(text) as ImageIndex).manifests ?? [];
  }

  // The entry tagged `ref` (full normalized reference).
  async get(ref: string): Promise<Descriptor | undefined> {
    return (await this.entries()).find((d) => d.annotations?.[REF_NAME] === ref);
  }

  // Point `ref` at `manifest` (replacing what it pointed at).
  async set(ref: string, manifest: Descriptor): Promise<void> {
    await this.update((list) => [
      ...list.filter((d) => d.annotations?.[REF_NAME] !== ref),
      { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.size, ...(manifest.platform ? { platform: manifest.platform } : {}), annotations: { ...manifest.annotations, [REF_NAME]: ref } },
    ]);
  }

  // Remove the tag `ref`; true when it existed.
  async delete(ref: string): Promise<boolean> {
    let found = false;
    await this.update((list) => list.filter((d) => {
      const hit = d.annotations?.[REF_NAME] === ref;
      found ||= hit;
      return !hit;
    }));
    return found;
  }

  private async update(change: (list: Descriptor[]) => Descriptor[]): Promise<void> {
    await this.init();
    await withLock(this.indexPath + ".lock", async () => {
      const list = await this.entries();
      await this.write({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: change(list) });
    });
  }

  private async write(index: ImageIndex): Promise<void> {
    await writeFileAtomic(this.indexPath, JSON.stringify(index, null, 2) + "\n");
  }
}
