// importArchive with each format built in the test: an OCI layout written by hand from
// hand-made layers, the docker-archive and OCI archive skopeo makes of it, and a rootfs tarball.
// Each import is checked through the store (tag, config, unpacked layers with whiteouts applied).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeTar } from "../../../src/build/tar-entry.js";
import { importArchive } from "../../../src/images/import/index.js";
import { ImageStore } from "../../../src/images/store/image-store.js";
import { dir, file, writeLayer } from "../../helpers/layers.js";

const isRoot = process.getuid?.() === 0;
const hasSkopeo = existsSync("/usr/bin/skopeo");
let work = "";
let store: ImageStore;

const sha = (b: Buffer) => "sha256:" + createHash("sha256").update(b).digest("hex");

// Write an OCI layout at `path` with two gzip layers (the second whites out a file of the first).
function writeOciLayout(path: string, refName?: string, extra: Record<string, string> = {}): void {
  mkdirSync(join(path, "blobs", "sha256"), { recursive: true });
  const put = (b: Buffer) => (writeFileSync(join(path, "blobs", "sha256", sha(b).slice(7)), b), { digest: sha(b), size: b.length });
  const tars = [encodeTar([dir("etc"), file("etc/motd", "hello"), file("etc/old", "old"), file("bin/tool", "#!/bin/sh\n", { mode: 0o755, uid: 2, gid: 3 })]), encodeTar([file("etc/.wh.old", ""), file("etc/new", "new")])];
  const layers = tars.map((t) => ({ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", ...put(gzipSync(t)) }));
  const config = Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", config: { Env: ["PATH=/bin", "IMPORTED=yes"], Cmd: ["/bin/tool"] }, rootfs: { type: "layers", diff_ids: tars.map(sha) } }));
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", config: { mediaType: "application/vnd.oci.image.config.v1+json", ...put(config) }, layers }));
  const m = put(manifest);
  writeFileSync(join(path, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  const annotations = refName ? { "org.opencontainers.image.ref.name": refName, ...extra } : undefined;
  writeFileSync(join(path, "index.json"), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: "application/vnd.oci.image.manifest.v1+json", ...m, annotations }] }));
}

// The merged view of an image's unpacked layers (checked by file, lowest to highest).
function expectImportedContent(layers: string[]): void {
  expect(layers).toHaveLength(2);
  expect(readFileSync(join(layers[0], "etc/motd"), "utf8")).toBe("hello");
  expect(lstatSync(join(layers[0], "bin/tool")).uid).toBe(2);
  expect(lstatSync(join(layers[1], "etc/old")).isCharacterDevice()).toBe(true);
  expect(readFileSync(join(layers[1], "etc/new"), "utf8")).toBe("new");
}

beforeAll(() => {
  execFileSync("make", ["-s", "-C", "native"], { stdio: "inherit" });
  work = mkdtempSync(join(tmpdir(), "isomer-test-import-"));
  store = new ImageStore({ home: join(work, "home") });
  writeOciLayout(join(work, "layout"), "localhost/imported/layout:1");
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!isRoot)("importArchive", () => {
  it("imports an OCI layout directory under the name it carries, byte for byte", async () => {
    const result = await importArchive(join(work, "layout"), { store });
    expect(result.format).toBe("oci-layout");
    expect(result.refs).toEqual(["localhost/imported/layout:1"]);
    const index = JSON.parse(readFileSync(join(work, "layout", "index.json"), "utf8"));
    expect(result.digest).toBe(index.manifests[0].digest);
    expect(result.image.config.env).toContain("IMPORTED=yes");
    expectImportedContent(result.image.layers);
  });

  it.skipIf(!hasSkopeo)("imports a docker-archive (docker save format) made by skopeo", async () => {
    const tarball = join(work, "docker.tar");
    execFileSync("skopeo", ["copy", "-q", `oci:${join(work, "layout")}`, `docker-archive:${tarball}:example.com/team/app:2`]);
    const result = await importArchive(tarball, { store });
    expect(result.format).toBe("docker-archive");
    expect(result.refs).toEqual(["example.com/team/app:2"]);
    expect(result.image.config.cmd).toEqual(["/bin/tool"]);
    expectImportedContent(result.image.layers);
    const again = await importArchive(tarball, { store, tag: "other:tag" });
    expect(again.refs).toEqual(["docker.io/library/other:tag"]);
    expect(again.digest).toBe(result.digest);
  });

  it.skipIf(!hasSkopeo)("imports an OCI archive with an explicit tag", async () => {
    const tarball = join(work, "oci.tar");
    execFileSync("skopeo", ["copy", "-q", `oci:${join(work, "layout")}`, `oci-archive:${tarball}`]);
    const result = await importArchive(tarball, { store, tag: "localhost/from-oci-archive:latest" });
    expect(result.format).toBe("oci-archive");
    expect((await store.resolve("localhost/from-oci-archive:latest"))?.digest).toBe(result.digest);
    expectImportedContent(result.image.layers);
  });

  it("imports what Docker 25+ `docker save` writes (an OCI layout plus manifest.json), named by its containerd annotation", async () => {
    const dir = join(work, "docker25");
    writeOciLayout(dir, "latest", { "io.containerd.image.name": "docker.io/example/new-docker:latest" });
    writeFileSync(join(dir, "manifest.json"), "[]");
    execFileSync("tar", ["-cf", join(work, "docker25.tar"), "-C", dir, "."]);
    const result = await importArchive(join(work, "docker25.tar"), { store });
    expect(result.format).toBe("oci-archive");
    expect(result.refs).toEqual(["docker.io/example/new-docker:latest"]);
    expectImportedContent(result.image.layers);
  });

  it("imports a plain rootfs tarball (gzip) as a one-layer image, and only with a tag", async () => {
    const rootfs = writeLayer(work, "rootfs.tar.gz", [dir("./"), file("./etc/os-release", "ID=test\n"), file("./bin/sh", "sh", { mode: 0o755 })], true);
    await expect(importArchive(rootfs, { store })).rejects.toThrow(/plain root filesystem tarball/);
    const result = await importArchive(rootfs, { store, tag: "localhost/rootfs:1" });
    expect(result.format).toBe("rootfs");
    expect(result.image.layers).toHaveLength(1);
    expect(readFileSync(join(result.image.layers[0], "etc/os-release"), "utf8")).toBe("ID=test\n");
    expect(result.image.config.cmd).toEqual(["/bin/sh"]);
  });

  it("refuses a docker-archive whose layer does not match the config's diff_id", async () => {
    const bad = join(work, "bad-docker");
    mkdirSync(bad);
    writeLayer(bad, "layer.tar", [file("x", "x")]);
    writeFileSync(join(bad, "config.json"), JSON.stringify({ os: "linux", rootfs: { type: "layers", diff_ids: ["sha256:" + "1".repeat(64)] } }));
    writeFileSync(join(bad, "manifest.json"), JSON.stringify([{ Config: "config.json", RepoTags: ["localhost/bad:1"], Layers: ["layer.tar"] }]));
    execFileSync("tar", ["-cf", join(work, "bad.tar"), "-C", bad, "."]);
    await expect(importArchive(join(work, "bad.tar"), { store })).rejects.toThrow(/does not match its digest/);
    expect(await store.resolve("localhost/bad:1")).toBeUndefined();
  });

  it("refuses an archive whose manifest.json points outside it, or whose members would escape", async () => {
    const bad = join(work, "escape-docker");
    mkdirSync(bad);
    writeFileSync(join(bad, "config.json"), JSON.stringify({ os: "linux", rootfs: { type: "layers", diff_ids: ["sha256:" + "1".repeat(64)] } }));
    writeFileSync(join(bad, "manifest.json"), JSON.stringify([{ Config: "config.json", RepoTags: ["localhost/escape:1"], Layers: ["../../../etc/passwd"] }]));
    execFileSync("tar", ["-cf", join(work, "escape.tar"), "-C", bad, "."]);
    await expect(importArchive(join(work, "escape.tar"), { store })).rejects.toThrow(/names a file outside itself: `\.\.\/\.\.\/\.\.\/etc\/passwd`/);
    writeLayer(work, "escape2.tar", [file("manifest.json", "[]"), { path: "blobs", type: "symlink", linkname: "/tmp" }, file("blobs/evil", "x")]);
    await expect(importArchive(join(work, "escape2.tar"), { store })).rejects.toThrow(/entry `blobs\/evil` would be written through a symlink/);
    expect(existsSync("/tmp/evil")).toBe(false);
  });

  it("says what is wrong with a path that is no archive", async () => {
    await expect(importArchive(join(work, "missing.tar"), { store })).rejects.toThrow(/does not exist/);
    writeFileSync(join(work, "junk.tar"), "not a tar at all, just text that is long enough to not be a header");
    await expect(importArchive(join(work, "junk.tar"), { store, tag: "x:y" })).rejects.toThrow(/to be a tar archive/);
  });
});
