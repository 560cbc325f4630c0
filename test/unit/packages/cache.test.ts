// The package cache's rules that need no network: what is kept how, and which leases count.
import { afterEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cacheKind } from "../../../src/packages/proxy.js";
import { cacheFiles, liveLeases } from "../../../src/packages/leases.js";

describe("cacheKind", () => {
  it("keeps pool files and by-hash indexes forever", () => {
    expect(cacheKind("/debian/pool/main/n/nginx/nginx-light_1.22.1-9_amd64.deb")).toBe("immutable");
    expect(cacheKind("/debian/dists/bookworm/main/binary-amd64/by-hash/SHA256/0a1b2c")).toBe("immutable");
  });
  it("revalidates the other files under dists/", () => {
    expect(cacheKind("/debian/dists/bookworm/InRelease")).toBe("index");
    expect(cacheKind("/debian-security/dists/bookworm-security/main/binary-amd64/Packages.xz")).toBe("index");
  });
  it("passes through everything else, and any path with ..", () => {
    expect(cacheKind("/")).toBe("pass");
    expect(cacheKind("/index.html")).toBe("pass");
    expect(cacheKind("/debian/dists/")).toBe("pass");
    expect(cacheKind("/debian/pool/../../etc/passwd.deb")).toBe("pass");
    expect(cacheKind("/debian/dists/../x")).toBe("pass");
  });
});

describe("liveLeases", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  it("counts leases whose container exists or which are young, and removes the others", () => {
    dir = mkdtempSync(join(tmpdir(), "isomer-unit-leases-"));
    const { leases } = cacheFiles(dir);
    mkdirSync(leases, { recursive: true });
    writeFileSync(join(leases, "alive"), JSON.stringify({ stateDir: dir, created: 0 }));
    writeFileSync(join(leases, "young"), JSON.stringify({ stateDir: join(dir, "nope"), created: Date.now() }));
    writeFileSync(join(leases, "gone"), JSON.stringify({ stateDir: join(dir, "nope"), created: 0 }));
    expect(liveLeases(dir).sort()).toEqual(["alive", "young"]);
    expect(readdirSync(leases).sort()).toEqual(["alive", "young"]);
  });
  it("does not count half-written leases, and removes those whose writer died (kill -9 mid-write)", () => {
    dir = mkdtempSync(join(tmpdir(), "isomer-unit-leases-"));
    const { leases } = cacheFiles(dir);
    mkdirSync(leases, { recursive: true });
    const dead = spawnSync("true").pid; // exited: its pid names no process now
    writeFileSync(join(leases, `.sd1.7928-946fe79c.${dead}-0a1b2c3d.tmp`), "");
    writeFileSync(join(leases, `.sd2.${process.pid}-0a1b2c3d.tmp`), "{\"stateDir\"");
    expect(liveLeases(dir)).toEqual([]);
    expect(readdirSync(leases)).toEqual([`.sd2.${process.pid}-0a1b2c3d.tmp`]);
  });
});
