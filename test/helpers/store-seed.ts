// An OCI image layout holding some images of root's store, for an ordinary user to `isomer image
// import`: the rootless e2e test seeds the user's own store this way instead of downloading or
// bootstrapping again. Blobs are hard links into root's store where the filesystem allows (copies
// otherwise), everything readable by others; only the blobs the chosen images reach are taken.
import { chmodSync, chownSync, copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatReference, parseReference } from "../../src/images/reference.js";
import type { Descriptor } from "../../src/images/types.js";
import { isomerHome, storeDir } from "../../src/util/paths.js";

const REF_NAME = "org.opencontainers.image.ref.name";

function blobPath(store: string, digest: string): string {
  return join(store, "blobs", ...digest.split(":"));
}

// Writes into `dir` (an empty directory) a layout with `refs` from the store at `store`; returns
// the digests of the blobs it took.
export function seedLayout(dir: string, refs: string[], store = storeDir()): Set<string> {
  const index = JSON.parse(readFileSync(join(store, "index.json"), "utf8")) as { manifests: Descriptor[] };
  const names = refs.map((ref) => formatReference(parseReference(ref)));
  const chosen = index.manifests.filter((m) => names.includes(m.annotations?.[REF_NAME] ?? ""));
  const missing = names.filter((name) => !chosen.some((m) => m.annotations?.[REF_NAME] === name));
  if (missing.length > 0) throw new Error(`root's store \`${store}\` lacks ${missing.join(", ")}`);
  mkdirSync(join(dir, "blobs", "sha256"), { recursive: true });
  const taken = new Set<string>();
  const take = (descriptor: Descriptor) => {
    taken.add(descriptor.digest);
    const source = blobPath(store, descriptor.digest);
    const target = blobPath(dir, descriptor.digest);
    if (!existsSync(target)) {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
      chmodSync(target, 0o644);
    }
    const text = descriptor.mediaType?.includes("manifest") || descriptor.mediaType?.includes("index") ? readFileSync(source, "utf8") : undefined;
    if (!text) return;
    const json = JSON.parse(text) as { manifests?: Descriptor[]; config?: Descriptor; layers?: Descriptor[] };
    for (const child of [...(json.manifests ?? []), ...(json.config ? [json.config] : []), ...(json.layers ?? [])]) take(child);
  };
  for (const manifest of chosen) take(manifest);
  writeFileSync(join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  writeFileSync(join(dir, "index.json"), JSON.stringify({ schemaVersion: 2, manifests: chosen }));
  return taken;
}

// Copies into the build cache of the ISOMER_HOME `destHome` (an ordinary user's, made theirs) the
// entries of root's build cache (under `home`) whose layers are all among `digests`, the blobs a
// seed layout carried: the user's Dockerfile builds of the same steps on the same imported bases are
// then cache hits. Returns how many entries it copied.
export function seedBuildCache(destHome: string, digests: Set<string>, owner: { uid: number; gid: number }, home = isomerHome()): number {
  const from = join(home, "build-cache");
  const to = join(destHome, "build-cache");
  if (!existsSync(from)) return 0;
  mkdirSync(to, { recursive: true, mode: 0o700 });
  chownSync(to, owner.uid, owner.gid);
  let copied = 0;
  for (const file of readdirSync(from).filter((name) => name.endsWith(".json"))) {
    const state = JSON.parse(readFileSync(join(from, file), "utf8")) as { layers?: Descriptor[] };
    if (!(state.layers ?? []).every((layer) => digests.has(layer.digest))) continue;
    copyFileSync(join(from, file), join(to, file));
    chownSync(join(to, file), owner.uid, owner.gid);
    copied++;
  }
  return copied;
}
