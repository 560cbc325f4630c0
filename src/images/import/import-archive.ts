// importArchive: docker-archive, OCI archive, OCI layout directory or rootfs tarball -> the store,
// tagged, layers unpacked.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError } from "../../errors.js";
import { normalizeReference } from "../reference.js";
import { ImageStore } from "../store/image-store.js";
import type { ResolvedImage } from "../types.js";
import { unpackLayer } from "../unpack/unpack-layer.js";
import { detectArchiveFormat, type ArchiveFormat } from "./detect.js";
import { importDockerArchive, storeLayer } from "./docker-archive.js";
import { importOciLayout, type ImportedManifest } from "./oci-layout.js";

// Options of importArchive.
export interface ImportOptions {
  tag?: string; // required for rootfs tarballs and for archives that name no image
  store?: ImageStore;
}

// What importArchive stored.
export interface ImportResult {
  format: ArchiveFormat;
  refs: string[]; // normalized tags set
  digest: string; // manifest digest of the (first) image
  image: ResolvedImage; // the first image, layers unpacked
}

// Import the archive or layout at `file` into the store and tag it.
export async function importArchive(file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const store = options.store ?? new ImageStore();
  const format = await detectArchiveFormat(file);
  if (format === "rootfs" && !options.tag) {
    throw new ConfigError(`\`${file}\` is a plain root filesystem tarball, so it names no image`, { hint: `give it one: \`isomer image import ${file} --tag NAME:TAG\`` });
  }
  const tmpRoot = join(store.home, "tmp");
  await mkdir(tmpRoot, { recursive: true });
  let extracted: string | undefined;
  try {
    let images: ImportedManifest[];
    if (format === "oci-layout") images = await importOciLayout(file, store);
    else if (format === "rootfs") images = [await importRootfs(file, store)];
    else {
      extracted = await mkdtemp(join(tmpRoot, "import-"));
      // isomer-unpack keeps every member inside `extracted` (no `..`, no writes through symlinks)
      await unpackLayer(file, "", extracted);
      images = format === "oci-archive" ? await importOciLayout(extracted, store) : await importDockerArchive(extracted, store);
    }
    const refs: string[] = [];
    if (options.tag) {
      const ref = normalizeReference(options.tag);
      await store.tag(ref, images[0].digest);
      refs.push(ref);
    } else {
      for (const image of images) {
        for (const name of image.names.filter(isFullName)) {
          await store.tag(name, image.digest);
          refs.push(normalizeReference(name));
        }
      }
      if (refs.length === 0) throw new ConfigError(`\`${file}\` names no image (no tag in it)`, { hint: `give it one: \`isomer image import ${file} --tag NAME:TAG\`` });
    }
    const image = await store.resolve(refs[0]);
    if (!image) throw new Error(`import: \`${refs[0]}\` vanished from the store right after tagging`);
    return { format, refs, digest: images[0].digest, image };
  } finally {
    if (extracted) await rm(extracted, { recursive: true, force: true });
  }
}

// OCI layouts may name images with a bare tag (`latest`); only a name with a repository is a tag here.
function isFullName(name: string): boolean {
  return /[a-z0-9]/.test(name) && (name.includes("/") || name.includes(":")) && !/^[\w.-]+$/.test(name);
}

// A rootfs tarball as a one-layer image with an empty config (PATH set, Cmd /bin/sh).
async function importRootfs(file: string, store: ImageStore): Promise<ImportedManifest> {
  const layer = await storeLayer(store, file);
  const now = new Date().toISOString();
  const configJson = {
    created: now,
    os: "linux",
    config: { Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], Cmd: ["/bin/sh"] },
    history: [{ created: now, created_by: `isomer image import ${file}` }],
  };
  return { digest: await store.putImage({ configJson, layers: [layer] }), names: [] };
}
