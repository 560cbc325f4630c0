// The package cache (src/packages/proxy.ts) between the real apt-get and a local Debian mirror made
// with dpkg-deb + dpkg-scanpackages and served with validators (Last-Modified, ETag, 304s): apt
// sees what the mirror serves (an upgrade on the mirror side is the next candidate), revalidates
// indexes with conditional requests instead of serving a stale copy, and gets pool files from the
// cache after the first download. apt runs on the host with its own state directories and the
// cache as its HTTP proxy (absolute URLs); instances reach the same code by DNAT (origin form).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { startProxy } from "../../../src/packages/proxy.js";
import { which } from "../../../src/util/which.js";

const tools = ["apt-get", "apt-cache", "dpkg-deb", "dpkg-scanpackages"].filter((t) => !which(t));

describe.skipIf(tools.length > 0)("package cache in front of a local mirror" + (tools.length ? ` (missing ${tools.join(", ")})` : ""), () => {
  let work = "";
  let mirror: Server;
  let proxy: Server;
  let mirrorPort = 0;
  let proxyPort = 0;
  const seen: Array<{ path: string; status: number; conditional: boolean }> = [];

  // The mirror: static files under work/mirror with Last-Modified/ETag, 304 on a matching validator.
  const serveMirror = () => createServer((req, res) => {
    const file = join(work, "mirror", decodeURIComponent(req.url!.split("?")[0]!));
    const conditional = Boolean(req.headers["if-none-match"] || req.headers["if-modified-since"]);
    if (!existsSync(file) || statSync(file).isDirectory()) {
      seen.push({ path: req.url!, status: 404, conditional });
      res.writeHead(404).end();
      return;
    }
    const st = statSync(file);
    const etag = `"${st.size}-${st.mtimeMs}"`;
    const lastModified = new Date(Math.floor(st.mtimeMs / 1000) * 1000).toUTCString();
    const since = req.headers["if-modified-since"];
    if (req.headers["if-none-match"] === etag || (!req.headers["if-none-match"] && since && Date.parse(since) >= Date.parse(lastModified))) {
      seen.push({ path: req.url!, status: 304, conditional });
      res.writeHead(304, { etag, "last-modified": lastModified }).end();
      return;
    }
    seen.push({ path: req.url!, status: 200, conditional });
    res.writeHead(200, { etag, "last-modified": lastModified, "content-length": st.size });
    res.end(readFileSync(file));
  });

  // Publishes version `version` of package hello-isomer (and only it) on the mirror.
  async function publish(version: string, mtime: number): Promise<void> {
    const pkg = join(work, `build-${version}`);
    mkdirSync(join(pkg, "DEBIAN"), { recursive: true });
    mkdirSync(join(pkg, "usr/share/hello-isomer"), { recursive: true });
    writeFileSync(join(pkg, "usr/share/hello-isomer/version"), version + "\n");
    writeFileSync(join(pkg, "DEBIAN/control"), `Package: hello-isomer\nVersion: ${version}\nArchitecture: all\nMaintainer: isomer <isomer@example.org>\nDescription: test package\n`);
    const pool = join(work, "mirror", "pool", "main", "h", "hello-isomer");
    mkdirSync(pool, { recursive: true });
    rmSync(join(work, "mirror", "dists"), { recursive: true, force: true });
    await execa("dpkg-deb", ["--build", "--root-owner-group", pkg, join(pool, `hello-isomer_${version}_all.deb`)]);
    for (const old of ["1.0", "1.1"].filter((v) => v !== version)) rmSync(join(pool, `hello-isomer_${old}_all.deb`), { force: true });
    const packages = (await execa("dpkg-scanpackages", ["--multiversion", "pool"], { cwd: join(work, "mirror") })).stdout + "\n";
    const binDir = join(work, "mirror", "dists", "stable", "main", "binary-amd64");
    mkdirSync(binDir, { recursive: true });
    writeFileSync(join(binDir, "Packages"), packages);
    const sha = createHash("sha256").update(packages).digest("hex");
    const release = `Suite: stable\nCodename: stable\nDate: ${new Date(mtime * 1000).toUTCString()}\nArchitectures: amd64\nComponents: main\nSHA256:\n ${sha} ${Buffer.byteLength(packages)} main/binary-amd64/Packages\n`;
    writeFileSync(join(work, "mirror", "dists", "stable", "Release"), release);
    for (const f of [join(binDir, "Packages"), join(work, "mirror", "dists", "stable", "Release")]) utimesSync(f, mtime, mtime);
  }

  const apt = (tool: string, ...args: string[]) => execa(tool, [
    "-o", `Dir::Etc::SourceList=${join(work, "sources.list")}`, "-o", "Dir::Etc::SourceParts=/nonexistent", "-o", `Dir::State=${join(work, "apt/state")}`,
    "-o", `Dir::Cache=${join(work, "apt/cache")}`, "-o", `Dir::State::status=${join(work, "apt/status")}`, "-o", "Debug::NoLocking=1",
    "-o", "APT::Architecture=amd64", "-o", "Acquire::Languages=none", "-o", `Acquire::http::Proxy=http://127.0.0.1:${proxyPort}`, ...args,
  ], { cwd: work, reject: false });

  const candidate = async () => /Candidate: (\S+)/.exec((await apt("apt-cache", "policy", "hello-isomer")).stdout)?.[1];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "isomer-test-pkgcache-"));
    for (const d of ["apt/state/lists/partial", "apt/cache/archives/partial"]) mkdirSync(join(work, d), { recursive: true });
    writeFileSync(join(work, "apt/status"), "");
    mirror = serveMirror();
    await new Promise<void>((resolve) => mirror.listen(0, "127.0.0.1", resolve));
    mirrorPort = (mirror.address() as { port: number }).port;
    writeFileSync(join(work, "sources.list"), `deb [trusted=yes] http://127.0.0.1:${mirrorPort}/ stable main\n`);
    ({ server: proxy, port: proxyPort } = await startProxy({ dir: join(work, "cache") }));
  });
  afterAll(async () => {
    proxy?.closeAllConnections();
    mirror?.closeAllConnections();
    await Promise.all([proxy, mirror].filter(Boolean).map((s) => new Promise((resolve) => s.close(resolve))));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("apt sees the mirror's version, then the upgrade published on the mirror", async () => {
    await publish("1.0", 1_700_000_000);
    const first = await apt("apt-get", "update");
    expect(first.exitCode, first.stderr).toBe(0);
    expect(await candidate()).toBe("1.0");
    expect(existsSync(join(work, "cache", `127.0.0.1_${mirrorPort}`, "dists", "stable", "Release"))).toBe(true);

    // unchanged mirror: the cache asks with validators, the mirror answers 304, apt still sees 1.0
    seen.length = 0;
    rmSync(join(work, "apt/state/lists"), { recursive: true, force: true });
    mkdirSync(join(work, "apt/state/lists/partial"), { recursive: true });
    expect((await apt("apt-get", "update")).exitCode).toBe(0);
    expect(seen.filter((s) => s.path.endsWith("/Release"))).toEqual([{ path: "/dists/stable/Release", status: 304, conditional: true }]);
    expect(await candidate()).toBe("1.0");

    // the mirror upgrades the package: the next update sees 1.1, nothing stale is served
    await publish("1.1", 1_700_000_600);
    seen.length = 0;
    expect((await apt("apt-get", "update")).exitCode).toBe(0);
    expect(seen.find((s) => s.path === "/dists/stable/Release")?.status).toBe(200);
    expect(await candidate()).toBe("1.1");
  });

  test("a pool file is downloaded from the mirror once, then served by the cache, byte for byte", async () => {
    const deb = join(work, "mirror", "pool", "main", "h", "hello-isomer", "hello-isomer_1.1_all.deb");
    for (const round of [1, 2]) {
      rmSync(join(work, "apt/cache/archives"), { recursive: true, force: true });
      mkdirSync(join(work, "apt/cache/archives/partial"), { recursive: true });
      seen.length = 0;
      const r = await apt("apt-get", "install", "--download-only", "-y", "hello-isomer");
      expect(r.exitCode, r.stderr).toBe(0);
      const got = readFileSync(join(work, "apt/cache/archives", "hello-isomer_1.1_all.deb"));
      expect(createHash("sha256").update(got).digest("hex")).toBe(createHash("sha256").update(readFileSync(deb)).digest("hex"));
      expect(seen.filter((s) => s.path.endsWith(".deb")).length).toBe(round === 1 ? 1 : 0);
    }
  });

  test("paths it does not keep pass through as the mirror answers them", async () => {
    // origin form with the mirror in Host, as an instance's DNAT'd request arrives
    const status = (path: string, host: string) => new Promise<number>((resolve, reject) => {
      request({ host: "127.0.0.1", port: proxyPort, path, headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      }).on("error", reject).end();
    });
    expect(await status("/nothing-here", `127.0.0.1:${mirrorPort}`)).toBe(404);
    expect(seen.at(-1)).toEqual({ path: "/nothing-here", status: 404, conditional: false });
    expect(await status("/dists/stable/Release", `127.0.0.1:${mirrorPort}`)).toBe(200);
    // a request naming the cache itself is refused instead of looping
    expect(await status("/x", `127.0.0.1:${proxyPort}`)).toBe(400);
    expect(existsSync(join(work, "cache", `127.0.0.1_${mirrorPort}`, "nothing-here"))).toBe(false);
  });
});
