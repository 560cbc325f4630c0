import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stepKey } from "../../../src/build/cache.js";
import { collectCopyItems, copyLayerTar, digestCopyItems } from "../../../src/build/context-files.js";
import { parseDockerfile } from "../../../src/build/dockerfile.js";

const ctx = mkdtempSync(join(tmpdir(), "isomer-test-build-unit-"));
afterAll(() => rmSync(ctx, { recursive: true, force: true }));
mkdirSync(join(ctx, "files", "sub"), { recursive: true });
writeFileSync(join(ctx, "files", "a.conf"), "a");
writeFileSync(join(ctx, "files", "sub", "b.sh"), "b", { mode: 0o755 });
symlinkSync("a.conf", join(ctx, "files", "link"));

describe("stepKey", () => {
  it("changes with the parent, the instruction and each input", () => {
    const k = stepKey("p", "RUN x", "{}");
    expect(stepKey("p", "RUN x", "{}")).toBe(k);
    expect(stepKey("q", "RUN x", "{}")).not.toBe(k);
    expect(stepKey("p", "RUN y", "{}")).not.toBe(k);
    expect(stepKey("p", "RUN x", '{"A":"1"}')).not.toBe(k);
    expect(stepKey("p", "RUN x{}")).not.toBe(stepKey("p", "RUN x", "{}"));
  });
});

describe("COPY sources", () => {
  it("copies a directory's contents onto the destination, keeping modes and symlinks", () => {
    const items = collectCopyItems(ctx, ["files"], "/srv/", "Dockerfile:3");
    expect(items.map((i) => i.dest)).toEqual(["/srv/a.conf", "/srv/link", "/srv/sub", "/srv/sub/b.sh"]);
    const tar = copyLayerTar(items, 1000, 1000);
    expect(tar.subarray(0, 8).toString()).toBe("srv/a.co");
  });

  it("puts several sources into a directory and one file at its exact name", () => {
    expect(collectCopyItems(ctx, ["files/a.conf", "files/sub/b.sh"], "/etc/app", "D:1").map((i) => i.dest)).toEqual(["/etc/app/a.conf", "/etc/app/b.sh"]);
    expect(collectCopyItems(ctx, ["files/a.conf"], "/etc/app.conf", "D:1").map((i) => i.dest)).toEqual(["/etc/app.conf"]);
  });

  it("refuses sources outside the context, missing ones and URLs, naming the line", () => {
    expect(() => collectCopyItems(ctx, ["../etc/passwd"], "/x", "Dockerfile:7")).toThrow(/Dockerfile:7: `\.\.\/etc\/passwd` is outside the build context/);
    expect(() => collectCopyItems(ctx, ["nope"], "/x", "Dockerfile:8")).toThrow(/Dockerfile:8: `nope` does not exist/);
    expect(() => collectCopyItems(ctx, ["https://example.com/f"], "/x", "Dockerfile:9")).toThrow(/ADD of a URL/);
  });

  it("digests contents, so an edit changes the cache key and a touch does not", () => {
    const items = collectCopyItems(ctx, ["files"], "/srv/", "D:1");
    const before = digestCopyItems(items, ctx);
    writeFileSync(join(ctx, "files", "a.conf"), "a");
    expect(digestCopyItems(items, ctx)).toBe(before);
    writeFileSync(join(ctx, "files", "a.conf"), "changed");
    expect(digestCopyItems(items, ctx)).not.toBe(before);
  });
});

describe("Molecule-shaped Dockerfiles", () => {
  it("parses a multi-line RUN that picks the package manager with if/elif continuations", () => {
    const text = [
      "FROM debian:bookworm",
      "RUN if [ $(command -v apt-get) ]; then apt-get update && apt-get install -y python3 sudo; \\",
      "    elif [ $(command -v dnf) ]; then dnf install -y python3 sudo; \\",
      "    fi",
      "ENV container docker",
    ].join("\n");
    const [, run, env] = parseDockerfile(text);
    expect(run.args).toMatch(/^if \[ \$\(command -v apt-get\) \]; then .*; +elif .*; +fi$/);
    expect(env).toMatchObject({ cmd: "ENV", args: "container docker" });
  });
});
