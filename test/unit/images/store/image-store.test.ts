// The store with a stand-in unpacker (copies the blob into the layer dir): the real unpacker is
// src/images/unpack's and has its own tests; here we test what the store promises around it.
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ImageStore } from "../../../../src/images/store/index.js";
import { sha256Digest } from "../../../../src/images/digest.js";
import { DigestMismatchError } from "../../../../src/images/errors.js";
import { OCI_LAYER_TAR } from "../../../../src/images/media-types.js";
import type { LayerDescriptor } from "../../../../src/images/types.js";

let home: string;
let unpacks: string[];
const copyUnpacker = async (blobPath: string, _mediaType: string, dest: string) => {
  unpacks.push(blobPath);
  await new Promise((r) => setTimeout(r, 20)); // long enough for a concurrent caller to arrive
  await writeFile(join(dest, "content"), await readFile(blobPath));
};

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "isomer-test-store-"));
  unpacks = [];
});
afterEach(async () => rm(home, { recursive: true, force: true }));

async function layer(store: ImageStore, text: string): Promise<LayerDescriptor> {
  const desc = await store.putBlob(Buffer.from(text), { mediaType: OCI_LAYER_TAR });
  return { ...desc, diffId: desc.digest };
}

describe("ImageStore", () => {
  it("stores a streamed blob under its digest and writes the OCI layout files", async () => {
    const store = new ImageStore({ home, unpackLayer: copyUnpacker });
    const desc = await store.putBlob(Readable.from([Buffer.from("ab"), Buffer.from("c")]));
    expect(desc).toMatchObject({ digest: sha256Digest("abc"), size: 3 });
    expect(await readFile(store.blobPath(desc.digest), "utf8")).toBe("abc");
    expect(JSON.parse(await readFile(join(home, "store", "oci-layout"), "utf8"))).toEqual({ imageLayoutVersion: "1.0.0" });
  });

  it("rejects content that does not match the expected digest and keeps nothing", async () => {
    const store = new ImageStore({ home, unpackLayer: copyUnpacker });
    const wrong = sha256Digest("something else");
    await expect(store.putBlob(Buffer.from("abc"), { digest: wrong })).rejects.toBeInstanceOf(DigestMismatchError);
    expect(await readdir(join(home, "store", "blobs", "sha256"))).toEqual([]);
  });

  it("rejects content of the wrong size", async () => {
    const store = new ImageStore({ home, unpackLayer: copyUnpacker });
    await expect(store.putBlob(Buffer.from("abc"), { digest: sha256Digest("abc"), size: 4 })).rejects.toThrow("size");
  });

  it("does not open the source again when the blob is already stored", async () => {
    const store = new ImageStore({ home, unpackLayer: copyUnpacker });
    await store.putBlob(Buffer.from("abc"));
    let opened = 0;
    await store.putBlob(async () => { opened++; return Buffer.from("abc"); }, { digest: sha256Digest("abc") });
    expect(opened).toBe(0);
  });

  it("tags an image and resolves it to unpacked layers and its run config", async () => {
    const store = new ImageStore({ home, unpackLayer: copyUnpacker });
    const layers = [await layer(store, "lower"), await layer(store, "upper")];
    const digest = await store.putImage({ configJson: { config: { Env: ["PATH=/bin"], Cmd: ["bash"], ExposedPorts: { "80/tcp": {} }, StopSignal: "SIGRTMIN+3" } }, layers });
    await store.tag("debian:bookworm", digest);
    const image = await store.resolve("docker.io/library/debian:bookworm");
    expect(image?.ref).toBe("docker.io/library/debian:bookworm");
    expect(image?.digest).toBe(digest);
    expect(await Promise.all(image!.layers.map((d) => readFile(join(d, "content"), "utf8")))).toEqual(["lower", "upper"]);
    expect(image?.config).toEqual({ env: ["PATH=/bin"], cmd: ["bash"], entrypoint: [], workingDir: "/", user: "", stopSignal: "SIGRTMIN+3", exposedPorts: ["80/tcp"], labels: {} });
    const index = JSON.parse(await readFile(join(home, "store", "index.json"), "utf8"));
    expect(index.manifests[0].annotations["org.opencontainers.image.ref.name"]).toBe("docker.io/library/debian:bookworm");
    expect(await store.resolve(`debian@${digest}`)).toMatchObject({ digest });
    expect(await store.resolve("debian:trixie")).toBeUndefined();
  });

  it("unpacks a layer once when two callers ask at the same time", async () => {
    const store = new ImageStore({ home, unpackLayer: copyUnpacker });
    const l = await layer(store, "shared");
    const [a, b] = await Promise.all([store.ensureLayerUnpacked(l), store.ensureLayerUnpacked(l)]);
    expect(a).toBe(b);
    expect(unpacks).toHaveLength(1);
  });

  it("does not trust a layer left half-unpacked by a dead process, and redoes it", async () => {
    const store = new ImageStore({ home, unpackLayer: copyUnpacker });
    const l = await layer(store, "data");
    const hex = l.diffId.slice(7);
    const stale = join(home, "layers", "sha256", `.tmp-${hex}-999999999`);
    await mkdir(stale, { recursive: true });
    await writeFile(join(stale, "partial"), "x");
    const dir = await store.ensureLayerUnpacked(l);
    expect(await readdir(dir)).toEqual(["content"]);
    expect(existsSync(stale)).toBe(false);
  });

  it("leaves no directory behind when unpacking fails", async () => {
    const store = new ImageStore({ home, unpackLayer: async () => { throw new Error("bad tar"); } });
    const l = await layer(store, "data");
    await expect(store.ensureLayerUnpacked(l)).rejects.toThrow("bad tar");
    expect(await readdir(join(home, "layers", "sha256"))).toEqual([]);
  });

  it("lists images with sizes, removes tags, and prunes what no tag reaches", async () => {
    const store = new ImageStore({ home, unpackLayer: copyUnpacker });
    const keep = await store.putImage({ configJson: {}, layers: [await layer(store, "keep")] });
    const drop = await store.putImage({ configJson: { config: { Cmd: ["x"] } }, layers: [await layer(store, "drop")] });
    await store.tag("keep:1", keep);
    await store.tag("drop:1", drop);
    await store.resolve("keep:1");
    await store.resolve("drop:1");
    const list = await store.list();
    expect(list.map((i) => i.ref)).toEqual(["docker.io/library/drop:1", "docker.io/library/keep:1"]);
    expect(list[1].size).toBeGreaterThan(4);
    expect(await store.remove("drop:1")).toBe(true);
    expect(await store.remove("drop:1")).toBe(false);
    const pruned = await store.prune();
    expect(pruned).toMatchObject({ blobs: 3, layers: 1 });
    expect(await store.resolve("keep:1")).toBeDefined();
    expect(await store.hasBlob(drop)).toBe(false);
  });

  it("refuses to prune when a tagged image's manifest is damaged, instead of taking its blobs for unreachable", async () => {
    const store = new ImageStore({ home, unpackLayer: copyUnpacker });
    const only = await layer(store, "only");
    const digest = await store.putImage({ configJson: {}, layers: [only] });
    await store.tag("damaged:1", digest);
    await writeFile(store.blobs.path(digest), "{}");
    await expect(store.prune()).rejects.toBeInstanceOf(DigestMismatchError);
    expect(await store.hasBlob(only.digest)).toBe(true);
    await expect(store.list()).rejects.toBeInstanceOf(DigestMismatchError);
  });
});
