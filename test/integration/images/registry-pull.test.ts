// Pull through isomer from a real registry (Debian's docker-registry on loopback) that skopeo
// filled from OCI layouts built here: single-arch, multi-arch index, token auth with
// ~/.docker/config.json credentials, a corrupted blob, an interrupted pull, a docker.io mirror.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import { encodeTar } from "../../../src/build/tar-entry.js";
import { ImageStore } from "../../../src/images/store/index.js";
import { pullImage, type PullEvent } from "../../../src/images/pull.js";
import { ensureImage } from "../../../src/images/ensure.js";
import { DigestMismatchError, PlatformNotFoundError, RegistryResponseError, RegistryUnreachableError } from "../../../src/images/errors.js";
import { loadImageSettings } from "../../../src/images/config.js";
import { dir, file, symlink } from "../../helpers/layers.js";
import { pushWithSkopeo, registryBlobPath, startRegistry, writeOciLayout, type TestRegistry } from "../../helpers/registry.js";

const haveTools = ["docker-registry", "skopeo", "openssl"].every((t) => execa("which", [t], { reject: false }).then((r) => r.exitCode === 0));
const skipReason = process.getuid?.() !== 0 ? "needs root (layers are unpacked with their owners and device nodes)" : "";

const busyboxLayer = gzipSync(encodeTar([dir("bin", { mode: 0o755 }), file("bin/busybox", readFileSync("/bin/busybox"), { mode: 0o755 }), symlink("bin/sh", "busybox")]));
const etcLayer = (text: string) => encodeTar([dir("etc", { mode: 0o755 }), file("etc/arch", text, { mode: 0o644 })]);
const insecure = (reg: TestRegistry) => ({ insecureRegistries: [reg.host], settings: { insecureRegistries: [], mirrors: {}, bootstrap: {} } });

describe.skipIf(!!skipReason)("registry pull" + (skipReason ? ` (skipped: ${skipReason})` : ""), () => {
  let reg: TestRegistry;
  let work: string;
  const homes: string[] = [];
  const newStore = () => {
    const home = mkdtempSync(join(tmpdir(), "isomer-test-images-home-"));
    homes.push(home);
    return new ImageStore({ home });
  };

  beforeAll(async () => {
    expect(await haveTools, "docker-registry, skopeo and openssl must be installed").toBe(true);
    reg = await startRegistry();
    work = mkdtempSync(join(tmpdir(), "isomer-test-images-layout-"));
    writeOciLayout(join(work, "layout"), {
      single: { layers: [busyboxLayer, etcLayer("amd64\n")], config: { Env: ["PATH=/bin"], Cmd: ["/bin/sh"], WorkingDir: "/root", Labels: { a: "b" } } },
      multi: [
        { layers: [busyboxLayer, etcLayer("amd64\n")], platform: { os: "linux", architecture: "amd64" } },
        { layers: [busyboxLayer, etcLayer("arm64\n")], platform: { os: "linux", architecture: "arm64", variant: "v8" } },
      ],
    });
    await pushWithSkopeo(join(work, "layout"), "single", reg.host, "team/busybox:1");
    await pushWithSkopeo(join(work, "layout"), "multi", reg.host, "team/multi:1");
  });

  afterAll(async () => {
    await reg?.stop();
    for (const h of homes) rmSync(h, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("pulls a single-arch image, unpacks its layers and tags it; a second pull fetches nothing", async () => {
    const store = newStore();
    const events: PullEvent[] = [];
    const result = await pullImage(`${reg.host}/team/busybox:1`, { ...insecure(reg), store, onEvent: (e) => events.push(e) });
    expect(result.ref).toBe(`${reg.host}/team/busybox:1`);
    expect(result.layers).toBe(2);
    const image = await store.resolve(`${reg.host}/team/busybox:1`);
    expect(image?.digest).toBe(result.digest);
    expect(image!.layers).toHaveLength(2);
    expect(statSync(join(image!.layers[0], "bin", "busybox")).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(image!.layers[1], "etc", "arch"), "utf8")).toBe("amd64\n");
    expect(image!.config).toMatchObject({ env: ["PATH=/bin"], cmd: ["/bin/sh"], workingDir: "/root", labels: { a: "b" } });
    const again: PullEvent[] = [];
    await pullImage(`${reg.host}/team/busybox:1`, { ...insecure(reg), store, onEvent: (e) => again.push(e) });
    expect(again.filter((e) => e.type === "blob").every((e) => e.type === "blob" && e.state === "cached")).toBe(true);
  });

  it("pulls a Docker v2 schema 2 image (gzip layers) as well as an OCI one", async () => {
    await pushWithSkopeo(join(work, "layout"), "single", reg.host, "team/docker:1", undefined, "v2s2");
    const manifest = await (await fetch(`${reg.url}/v2/team/docker/manifests/1`, { headers: { accept: "application/vnd.docker.distribution.manifest.v2+json" } })).json() as { mediaType: string; layers: Array<{ mediaType: string }> };
    expect(manifest.mediaType).toBe("application/vnd.docker.distribution.manifest.v2+json");
    expect(manifest.layers[0].mediaType).toBe("application/vnd.docker.image.rootfs.diff.tar.gzip");
    const store = newStore();
    await pullImage(`${reg.host}/team/docker:1`, { ...insecure(reg), store });
    const image = await store.resolve(`${reg.host}/team/docker:1`);
    expect(readFileSync(join(image!.layers[1], "etc", "arch"), "utf8")).toBe("amd64\n");
    expect(image!.config.cmd).toEqual(["/bin/sh"]);
  });

  it("shares the work when two pulls of the same image run at once (one GET per blob)", async () => {
    const store = newStore();
    const blobGets = new Map<string, number>();
    const counting = async (url: string, init?: RequestInit) => {
      if (url.includes("/blobs/")) blobGets.set(url, (blobGets.get(url) ?? 0) + 1);
      return fetch(url, init);
    };
    const [a, b] = await Promise.all([1, 2].map(() => pullImage(`${reg.host}/team/busybox:1`, { ...insecure(reg), store, fetch: counting })));
    expect(a.digest).toBe(b.digest);
    expect(blobGets.size).toBe(3); // config + 2 layers
    expect([...blobGets.values()].every((n) => n === 1)).toBe(true);
  });

  it("waits for another live process that is fetching a blob, then reuses its blob", async () => {
    const store = newStore();
    mkdirSync(store.blobs.dir, { recursive: true });
    const index = await (await fetch(`${reg.url}/v2/team/busybox/manifests/1`, { headers: { accept: "application/vnd.oci.image.manifest.v1+json" } })).json() as { layers: Array<{ digest: string }> };
    const digest = index.layers[0].digest;
    const staged = join(work, "staged-blob");
    writeFileSync(staged, Buffer.from(await (await fetch(`${reg.url}/v2/team/busybox/blobs/${digest}`)).arrayBuffer()));
    // another "isomer" process: holds the blob's lock until told (stdin) to finish the blob
    const other = `const fs = require("fs"); const [lock, src, dst] = process.argv.slice(1);
      const stat = fs.readFileSync("/proc/" + process.pid + "/stat", "utf8"); const start = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
      fs.writeFileSync(lock, process.pid + " " + start, { flag: "wx" }); console.log("locked");
      process.stdin.once("data", () => { fs.copyFileSync(src, dst); fs.unlinkSync(lock); process.exit(0); });`;
    const child = execa("node", ["-e", other, join(store.blobs.dir, `.lock-${digest.slice(7)}`), staged, store.blobPath(digest)]);
    await new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()));
    const gets: string[] = [];
    const events: string[] = [];
    const otherLayer = index.layers[1].digest;
    await pullImage(`${reg.host}/team/busybox:1`, {
      ...insecure(reg), store,
      fetch: async (url, init) => { if (url.includes("/blobs/")) gets.push(url); return fetch(url, init); },
      onEvent: (e) => {
        if (e.type !== "blob") return;
        events.push(`${e.digest === digest ? "held" : e.digest === otherLayer ? "other" : "config"}:${e.state}`);
        if (e.digest === otherLayer && e.state === "done") child.stdin!.write("go\n"); // the held layer is waiting by now
      },
    });
    await child;
    expect(gets.some((u) => u.endsWith(digest))).toBe(false);
    expect(events).not.toContain("held:start");
    expect(events.indexOf("held:done")).toBeGreaterThan(events.indexOf("other:done"));
    expect(await store.resolve(`${reg.host}/team/busybox:1`)).toBeDefined();
  });

  it("picks the platform's manifest from a multi-arch index, and names the platforms it has otherwise", async () => {
    const store = newStore();
    await pullImage(`${reg.host}/team/multi:1`, { ...insecure(reg), store, platform: "linux/arm64" });
    const arm = await store.resolve(`${reg.host}/team/multi:1`);
    expect(readFileSync(join(arm!.layers[1], "etc", "arch"), "utf8")).toBe("arm64\n");
    const other = newStore();
    await pullImage(`${reg.host}/team/multi:1`, { ...insecure(reg), store: other });
    const amd = await other.resolve(`${reg.host}/team/multi:1`);
    expect(readFileSync(join(amd!.layers[1], "etc", "arch"), "utf8")).toBe("amd64\n");
    await expect(pullImage(`${reg.host}/team/multi:1`, { ...insecure(reg), store: other, platform: "linux/s390x" })).rejects.toThrow(PlatformNotFoundError);
    await expect(pullImage(`${reg.host}/team/multi:1`, { ...insecure(reg), store: other, platform: "linux/s390x" })).rejects.toThrow("`linux/amd64`, `linux/arm64/v8`");
  });

  it("speaks plain HTTP only to registries named insecure", async () => {
    const store = newStore();
    await expect(pullImage(`${reg.host}/team/busybox:1`, { store, settings: { insecureRegistries: [], mirrors: {}, bootstrap: {} } })).rejects.toThrow(RegistryUnreachableError);
    const error = await pullImage(`${reg.host}/team/busybox:1`, { store, settings: { insecureRegistries: [], mirrors: {}, bootstrap: {} } }).catch((e: RegistryUnreachableError) => e);
    expect(error.message).toContain("it answers plain HTTP, not HTTPS");
    expect(error.hint).toContain(`--insecure-registry ${reg.host}`);
  });

  it("rejects a corrupted blob and stores nothing of it", async () => {
    const store = newStore();
    writeOciLayout(join(work, "corrupt"), { c: { layers: [gzipSync(encodeTar([file("data", "x".repeat(5000))]))] } });
    await pushWithSkopeo(join(work, "corrupt"), "c", reg.host, "team/corrupt:1");
    const manifest = JSON.parse(readFileSync(join(work, "corrupt", "blobs", "sha256", JSON.parse(readFileSync(join(work, "corrupt", "index.json"), "utf8")).manifests[0].digest.slice(7)), "utf8"));
    const layerDigest: string = manifest.layers[0].digest;
    const data = readFileSync(registryBlobPath(reg.storage, layerDigest));
    data[data.length - 20] ^= 0xff;
    writeFileSync(registryBlobPath(reg.storage, layerDigest), data);
    await expect(pullImage(`${reg.host}/team/corrupt:1`, { ...insecure(reg), store })).rejects.toThrow(DigestMismatchError);
    expect(await store.hasBlob(layerDigest)).toBe(false);
    expect(readdirSync(store.blobs.dir).filter((n) => n.startsWith(".tmp-"))).toEqual([]);
    expect(await store.resolve(`${reg.host}/team/corrupt:1`)).toBeUndefined();
  });

  it("recovers from a connection cut mid-blob and from the leftovers of a killed pull", async () => {
    const store = newStore();
    // leftovers of a process that died mid-pull: a half blob, a held blob lock, a half layer dir
    const deadPid = 999_999_999;
    mkdirSync(store.blobs.dir, { recursive: true });
    writeFileSync(join(store.blobs.dir, `.tmp-${deadPid}-abc`), "half");
    mkdirSync(join(store.layerStore.dir, `.tmp-${"0".repeat(64)}-${deadPid}`), { recursive: true });
    const manifestDigest = (await fetch(`${reg.url}/v2/team/busybox/manifests/1`, { method: "HEAD", headers: { accept: "application/vnd.oci.image.manifest.v1+json" } })).headers.get("docker-content-digest")!;
    const manifest = await (await fetch(`${reg.url}/v2/team/busybox/manifests/${manifestDigest}`, { headers: { accept: "application/vnd.oci.image.manifest.v1+json" } })).json() as { layers: Array<{ digest: string }> };
    writeFileSync(join(store.blobs.dir, `.lock-${manifest.layers[0].digest.slice(7)}`), `${deadPid} 1`);
    let cut = 0;
    const cutting = async (url: string, init?: RequestInit): Promise<Response> => {
      const response = await fetch(url, init);
      if (!url.includes("/blobs/") || !url.includes(manifest.layers[0].digest) || cut++ > 0) return response;
      const reader = response.body!.getReader();
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { value, done } = await reader.read();
          if (done || sent > 1000) return controller.error(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
          sent += value.length;
          controller.enqueue(value);
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    };
    const events: PullEvent[] = [];
    await pullImage(`${reg.host}/team/busybox:1`, { ...insecure(reg), store, fetch: cutting, sleep: async () => undefined, onEvent: (e) => events.push(e) });
    expect(cut).toBe(2);
    expect(events.some((e) => e.type === "retry")).toBe(true);
    expect(await store.resolve(`${reg.host}/team/busybox:1`)).toBeDefined();
    await store.prune();
    expect(readdirSync(store.blobs.dir).filter((n) => n.startsWith("."))).toEqual([]);
    expect(existsSync(join(store.layerStore.dir, `.tmp-${"0".repeat(64)}-${deadPid}`))).toBe(false);
  });

  it("uses a configured mirror for docker.io", async () => {
    await pushWithSkopeo(join(work, "layout"), "single", reg.host, "library/busybox:mirror-test");
    const home = mkdtempSync(join(tmpdir(), "isomer-test-images-home-"));
    homes.push(home);
    writeFileSync(join(home, "config.yml"), `images:\n  mirrors:\n    docker.io: ["http://${reg.host}"]\n`);
    const env = { ...process.env, ISOMER_HOME: home, ISOMER_CONFIG: "" };
    expect(loadImageSettings(env).mirrors["docker.io"]).toEqual([`http://${reg.host}`]);
    const events: PullEvent[] = [];
    const image = await ensureImage("busybox:mirror-test", { env, onEvent: (e) => events.push(e as PullEvent) });
    expect(image.source).toBe("pulled");
    expect(image.ref).toBe("docker.io/library/busybox:mirror-test");
    expect(events.find((e) => e.type === "endpoint")).toMatchObject({ url: `http://${reg.host}`, mirror: true });
    const second = await ensureImage("busybox:mirror-test", { env });
    expect(second.source).toBe("store");
  });
});

describe.skipIf(!!skipReason)("registry pull with token auth" + (skipReason ? ` (skipped: ${skipReason})` : ""), () => {
  let reg: TestRegistry;
  let work: string;

  beforeAll(async () => {
    reg = await startRegistry({ username: "alice", password: "s3cret" });
    work = mkdtempSync(join(tmpdir(), "isomer-test-images-auth-"));
    writeOciLayout(join(work, "layout"), { one: { layers: [busyboxLayer] } });
    await pushWithSkopeo(join(work, "layout"), "one", reg.host, "private/app:1", "alice:s3cret");
  });
  afterAll(async () => {
    await reg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("gets a bearer token with the credentials of ~/.docker/config.json and reuses it", async () => {
    const dockerDir = join(work, "docker");
    mkdirSync(dockerDir, { recursive: true });
    writeFileSync(join(dockerDir, "config.json"), JSON.stringify({ auths: { [reg.host]: { auth: Buffer.from("alice:s3cret").toString("base64") } } }));
    const store = new ImageStore({ home: join(work, "home") });
    const before = reg.tokenRequests();
    await pullImage(`${reg.host}/private/app:1`, { ...insecure(reg), store, env: { ...process.env, DOCKER_CONFIG: dockerDir } });
    expect(await store.resolve(`${reg.host}/private/app:1`)).toBeDefined();
    expect(reg.tokenRequests() - before).toBe(1);
  });

  it("fails with the token server's refusal when the credentials are wrong", async () => {
    const dockerDir = join(work, "docker-wrong");
    mkdirSync(dockerDir, { recursive: true });
    writeFileSync(join(dockerDir, "config.json"), JSON.stringify({ auths: { [reg.host]: { username: "alice", password: "nope" } } }));
    const store = new ImageStore({ home: join(work, "home-wrong") });
    const attempt = pullImage(`${reg.host}/private/app:1`, { ...insecure(reg), store, env: { ...process.env, DOCKER_CONFIG: dockerDir } });
    await expect(attempt).rejects.toBeInstanceOf(RegistryResponseError);
    await expect(pullImage(`${reg.host}/private/app:1`, { ...insecure(reg), store, env: { ...process.env, DOCKER_CONFIG: dockerDir } })).rejects.toThrow("bad credentials");
  });
});

describe.skipIf(!!skipReason)("registry pull with basic auth" + (skipReason ? ` (skipped: ${skipReason})` : ""), () => {
  let reg: TestRegistry;
  let work: string;

  beforeAll(async () => {
    reg = await startRegistry({ htpasswd: { username: "bob", password: "hunter2" } });
    work = mkdtempSync(join(tmpdir(), "isomer-test-images-basic-"));
    writeOciLayout(join(work, "layout"), { one: { layers: [busyboxLayer] } });
    await pushWithSkopeo(join(work, "layout"), "one", reg.host, "private/basic:1", "bob:hunter2");
  });
  afterAll(async () => {
    await reg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("answers the registry's Basic challenge with ~/.docker/config.json credentials", async () => {
    const dockerDir = join(work, "docker");
    mkdirSync(dockerDir, { recursive: true });
    writeFileSync(join(dockerDir, "config.json"), JSON.stringify({ auths: { [`http://${reg.host}`]: { auth: Buffer.from("bob:hunter2").toString("base64") } } }));
    const store = new ImageStore({ home: join(work, "home") });
    await pullImage(`${reg.host}/private/basic:1`, { ...insecure(reg), store, env: { ...process.env, DOCKER_CONFIG: dockerDir } });
    expect(await store.resolve(`${reg.host}/private/basic:1`)).toBeDefined();
  });

  it("without credentials, fails with a 401 and says where credentials go", async () => {
    const store = new ImageStore({ home: join(work, "home-anon") });
    const error = await pullImage(`${reg.host}/private/basic:1`, { ...insecure(reg), store, env: { ...process.env, DOCKER_CONFIG: join(work, "nowhere") } }).catch((e: RegistryResponseError) => e);
    expect(error).toBeInstanceOf(RegistryResponseError);
    expect(error.status).toBe(401);
    expect(error.hint).toContain("~/.docker/config.json");
  });
});
