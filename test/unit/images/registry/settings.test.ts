// Endpoints (mirrors, insecure registries), Docker credentials, isomer's config.yml, platforms.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { endpointsFor } from "../../../../src/images/registry/endpoints.js";
import { lookupCredentials } from "../../../../src/images/registry/credentials.js";
import { loadImageSettings } from "../../../../src/images/config.js";
import { formatPlatform, parsePlatform, selectManifest } from "../../../../src/images/registry/platform.js";
import { PlatformNotFoundError } from "../../../../src/images/errors.js";

const dir = mkdtempSync(join(tmpdir(), "isomer-test-images-settings-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe("endpointsFor", () => {
  const none = { mirrors: {}, insecureRegistries: [] };
  it("sends docker.io to registry-1.docker.io over https", () => {
    expect(endpointsFor("docker.io", none, [], { DOCKER_CONFIG: dir })).toEqual([{ registry: "docker.io", url: "https://registry-1.docker.io", mirror: false, credentials: undefined }]);
  });
  it("tries mirrors first, plain HTTP only where named insecure or written http://", () => {
    const settings = { mirrors: { "docker.io": ["http://127.0.0.1:5000", "mirror.local:5001", "secure.local"] }, insecureRegistries: ["mirror.local:5001"] };
    expect(endpointsFor("docker.io", settings, [], { DOCKER_CONFIG: dir }).map((e) => [e.url, e.mirror])).toEqual([
      ["http://127.0.0.1:5000", true], ["http://mirror.local:5001", true], ["https://secure.local", true], ["https://registry-1.docker.io", false],
    ]);
    expect(endpointsFor("reg:5000", none, ["reg:5000"], { DOCKER_CONFIG: dir })[0].url).toBe("http://reg:5000");
    expect(endpointsFor("reg:5000", none, [], { DOCKER_CONFIG: dir })[0].url).toBe("https://reg:5000");
  });
});

describe("lookupCredentials", () => {
  it("reads base64 `auth` and docker.io's legacy key from config.json", () => {
    write("config.json", JSON.stringify({ auths: { "https://index.docker.io/v1/": { auth: Buffer.from("me:pa:ss").toString("base64") }, "reg:5000": { username: "u", password: "p" } } }));
    expect(lookupCredentials("docker.io", { DOCKER_CONFIG: dir })).toEqual({ username: "me", password: "pa:ss" });
    expect(lookupCredentials("reg:5000", { DOCKER_CONFIG: dir })).toEqual({ username: "u", password: "p" });
    expect(lookupCredentials("other", { DOCKER_CONFIG: dir })).toBeUndefined();
  });
});

describe("loadImageSettings", () => {
  it("reads mirrors, insecure registries and bootstrap mappings, keeping the built-in Debian tags", () => {
    const file = write("config.yml", "images:\n  insecure_registries: [\"127.0.0.1:5000\"]\n  mirrors:\n    index.docker.io: http://127.0.0.1:5000\n  debian_mirror: http://deb.example/debian\n  bootstrap:\n    geerlingguy/docker-debian12-ansible:latest: {suite: bookworm, include: [python3, systemd]}\n");
    const s = loadImageSettings({ ISOMER_CONFIG: file });
    expect(s.insecureRegistries).toEqual(["127.0.0.1:5000"]);
    expect(s.mirrors).toEqual({ "docker.io": ["http://127.0.0.1:5000"] });
    expect(s.debianMirror).toBe("http://deb.example/debian");
    expect(s.bootstrap["docker.io/geerlingguy/docker-debian12-ansible:latest"]).toEqual({ suite: "bookworm", include: ["python3", "systemd"] });
    expect(s.bootstrap["docker.io/library/debian:12"]).toEqual({ suite: "bookworm" });
  });
  it("names the file and key of a mistake", () => {
    const file = write("bad.yml", "images:\n  insecure_registries: 5000\n");
    expect(() => loadImageSettings({ ISOMER_CONFIG: file })).toThrow("Expected `images.insecure_registries` to be a list");
  });
  it("uses defaults without a file", () => {
    expect(loadImageSettings({ ISOMER_CONFIG: join(dir, "missing.yml") }).mirrors).toEqual({});
  });
});

describe("platforms", () => {
  const index = [
    { mediaType: "m", digest: "sha256:a", size: 1, platform: { os: "linux", architecture: "amd64" } },
    { mediaType: "m", digest: "sha256:b", size: 1, platform: { os: "linux", architecture: "arm64", variant: "v8" } },
    { mediaType: "m", digest: "sha256:c", size: 1, platform: { os: "linux", architecture: "arm", variant: "v7" } },
    { mediaType: "m", digest: "sha256:d", size: 1, platform: { os: "unknown", architecture: "unknown" } },
  ];
  it("parses os/arch[/variant] with aliases", () => {
    expect(parsePlatform("linux/x86_64")).toEqual({ os: "linux", architecture: "amd64" });
    expect(formatPlatform(parsePlatform("linux/arm/v7"))).toBe("linux/arm/v7");
    expect(() => parsePlatform("amd64")).toThrow("os/arch[/variant]");
  });
  it("selects by os, architecture and variant (arm64 means v8)", () => {
    expect(selectManifest("r", index, parsePlatform("linux/amd64")).digest).toBe("sha256:a");
    expect(selectManifest("r", index, parsePlatform("linux/arm64")).digest).toBe("sha256:b");
    expect(selectManifest("r", index, parsePlatform("linux/arm/v7")).digest).toBe("sha256:c");
    expect(() => selectManifest("r", index, parsePlatform("linux/arm/v6"))).toThrow(PlatformNotFoundError);
    expect(() => selectManifest("r", index, parsePlatform("linux/s390x"))).toThrow("`linux/amd64`, `linux/arm64/v8`, `linux/arm/v7`");
  });
});
