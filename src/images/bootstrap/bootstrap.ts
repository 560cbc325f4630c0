// bootstrapImage: a Debian rootfs from mmdebstrap, stored as a one-layer OCI image and tagged,
// so a user with no registry gets the image a scenario names.
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { loadImageSettings } from "../config.js";
import { OCI_LAYER_TAR } from "../media-types.js";
import { ImageStore } from "../store/image-store.js";
import { withLock } from "../store/lock.js";
import type { ResolvedImage } from "../types.js";
import { BOOTSTRAP_LABEL, bootstrapConfig, bootstrapKey } from "./image-config.js";
import { checkBootstrapPrerequisites, runMmdebstrap, type DebianRootfsSpec } from "./mmdebstrap.js";

// Options of bootstrapImage.
export interface BootstrapOptions extends DebianRootfsSpec {
  store?: ImageStore;
  ifMissing?: boolean; // reuse `ref` when it already holds an image bootstrapped with the same spec
  log?: (line: string) => void; // mmdebstrap's output
}

// What bootstrapImage made.
export interface BootstrapResult {
  image: ResolvedImage; // layers unpacked, ready for the runtime
  reused: boolean;
}

// Bootstrap Debian `suite` with mmdebstrap and store it under the tag `ref`.
export async function bootstrapImage(ref: string, options: BootstrapOptions): Promise<BootstrapResult> {
  const store = options.store ?? new ImageStore();
  options = { ...options, mirror: options.mirror ?? loadImageSettings().debianMirror };
  const key = bootstrapKey(options);
  if (options.ifMissing) {
    const existing = await reuse(store, ref, key);
    if (existing) return { image: existing, reused: true };
  }
  await checkBootstrapPrerequisites();
  const tmpDir = join(store.home, "tmp");
  await mkdir(tmpDir, { recursive: true });
  const lockName = createHash("sha256").update(`${ref}\n${key}`).digest("hex").slice(0, 16);
  return withLock(join(tmpDir, `bootstrap-${lockName}.lock`), async () => {
    if (options.ifMissing) {
      const existing = await reuse(store, ref, key); // another process made it while we waited
      if (existing) return { image: existing, reused: true };
    }
    const tarball = join(tmpDir, `bootstrap-${process.pid}-${Date.now()}.tar`);
    try {
      await runMmdebstrap(options, tarball, options.log);
      const layer = await store.putBlob(tarball, { mediaType: OCI_LAYER_TAR });
      const digest = await store.putImage({ configJson: bootstrapConfig(options), layers: [{ ...layer, mediaType: OCI_LAYER_TAR, diffId: layer.digest }] });
      await store.tag(ref, digest);
    } finally {
      await rm(tarball, { force: true });
    }
    const image = await store.resolve(ref);
    if (!image) throw new Error(`bootstrap: \`${ref}\` vanished from the store right after tagging`);
    return { image, reused: false };
  });
}

async function reuse(store: ImageStore, ref: string, key: string): Promise<ResolvedImage | undefined> {
  const image = await store.resolve(ref);
  return image && image.config.labels[BOOTSTRAP_LABEL] === key ? image : undefined;
}
