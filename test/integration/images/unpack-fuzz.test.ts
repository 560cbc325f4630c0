// Hostile layers fuzzed into isomer-unpack through the layer store: random entry lists over a
// dangerous path alphabet (`..`, absolute paths, symlinks pointing out then written through,
// hardlinks out of the tree, whiteouts), then damaged streams (truncated, bytes flipped, huge size
// fields and PAX records, truncated gzip). Each layer either unpacks with nothing outside its
// directory, or fails with an isomer error (naming the entry when the tar itself is well formed)
// and leaves no layer directory, temporary or final. Needs root (the unpacker chowns).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { encodeTar, type TarEntry } from "../../../src/build/tar-entry.js";
import { LayerStore, defaultUnpacker } from "../../../src/images/store/layers.js";
import { IsomerError } from "../../../src/errors.js";
import { fuzzParameters } from "../../helpers/fuzz.js";

const isRoot = process.getuid?.() === 0;
let work = "";
let outside = "";

beforeAll(() => {
  if (!isRoot) return;
  execFileSync("make", ["-s", "-C", "native"], { stdio: "inherit" });
  work = mkdtempSync(join(tmpdir(), "isomer-test-unpackfuzz-"));
  outside = mkdtempSync(join(tmpdir(), "isomer-test-unpackfuzz-outside-"));
});
afterAll(() => {
  for (const d of [work, outside]) if (d) rmSync(d, { recursive: true, force: true });
});

const all = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();

const segment = fc.constantFrom("a", "b", "..", ".", "", "link", "up", ".wh.a", ".wh..wh..opq", "etc", "x".repeat(110));
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).chain((segs) => fc.constantFrom("", "/", "./").map((lead) => lead + segs.join("/")));
const entry: fc.Arbitrary<TarEntry> = fc.oneof(
  fc.record({ path, type: fc.constant("file" as const), data: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)) }),
  fc.record({ path, type: fc.constant("dir" as const) }),
  fc.record({ path, type: fc.constant("symlink" as const), linkname: fc.oneof(path, fc.constantFrom("OUTSIDE", "OUTSIDE/x", "../../..", "../../../../..")) }),
  fc.record({ path, type: fc.constant("hardlink" as const), linkname: fc.oneof(path, fc.constantFrom("OUTSIDE/file", "../../../../etc/passwd", "link/x")) }),
  fc.record({ path, type: fc.constant("file" as const), size: fc.constantFrom(1e12, 2 ** 33 + 1, 513), data: fc.constant(Buffer.from("short")) }),
);

// What is done to the encoded stream.
const damage = fc.oneof(
  fc.constant({ kind: "none" as const }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant("flip" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.constant({ kind: "hugePax" as const }),
  fc.record({ kind: fc.constant("gzipTruncated" as const), at: fc.double({ min: 0, max: 0.99, noNaN: true }) }),
);

function hugePaxHeader(): Buffer {
  // a PAX extended header whose record claims a length far beyond the header's data
  const record = Buffer.from("99999999999 path=" + "p".repeat(40) + "\n");
  const header = encodeTar([{ path: "pax", type: "file", data: record }]).subarray(0, 512 + 512);
  header[156] = "x".charCodeAt(0); // typeflag: PAX extended header
  // recompute the checksum
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += header[i]!;
  header.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8, "ascii");
  return header;
}

let n = 0;
describe.skipIf(!isRoot)("fuzzed hostile layers into isomer-unpack", () => {
  it("unpack inside the layer dir, or fail as an isomer error naming the entry; a failed layer dir is removed", async () => {
    let unpacked = 0;
    let refused = 0;
    await fc.assert(fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 6 }), damage, async (entries, dmg) => {
      const real = entries.map((e) => ({ ...e, linkname: e.linkname?.replace("OUTSIDE", outside) }));
      let tar = encodeTar(real);
      let gzip = false;
      if (dmg.kind === "truncate") tar = tar.subarray(0, Math.floor(dmg.at * tar.length));
      if (dmg.kind === "flip") tar = Buffer.from(tar), (tar[Math.floor(dmg.at * (tar.length - 1))] = dmg.byte);
      if (dmg.kind === "hugePax") tar = Buffer.concat([hugePaxHeader(), tar]);
      let blob = tar;
      if (dmg.kind === "gzipTruncated") {
        const z = gzipSync(tar);
        blob = z.subarray(0, Math.floor(dmg.at * z.length));
        gzip = true;
      }
      const home = join(work, `case-${n++}`, "deep", "home");
      mkdirSync(home, { recursive: true });
      const blobPath = join(work, `case-${n - 1}`, "layer.blob");
      writeFileSync(blobPath, blob);
      const diffId = "sha256:" + createHash("sha256").update(tar).digest("hex");
      const store = new LayerStore(join(home, "layers"), defaultUnpacker);
      const mediaType = gzip ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.oci.image.layer.v1.tar";
      const result = await store.ensure({ digest: diffId, diffId, mediaType, size: blob.length } as never, blobPath).then((dir) => ({ dir }), (error: unknown) => ({ error }));
      expect(all(outside)).toEqual([]);
      // nothing outside the store's layer dir: the case dir holds the blob and the store only
      const caseDir = join(work, `case-${n - 1}`);
      const strays = all(caseDir).filter((p) => p !== "layer.blob" && !/^deep(\/home(\/layers(\/sha256(\/[0-9a-f]{64}(\/.*)?|\/\.lock-[0-9a-f]{64})?)?)?)?$/.test(p));
      expect(strays).toEqual([]);
      if ("dir" in result) {
        unpacked++;
        expect(relative(home, result.dir)).toBe(join("layers", "sha256", diffId.slice(7)));
      } else {
        refused++;
        expect(result.error, String(result.error)).toBeInstanceOf(IsomerError);
        const message = (result.error as Error).message;
        expect(message).not.toMatch(/\n\s+at /);
        if (dmg.kind === "none") expect(message).toMatch(/entry `|digest/);
        expect(readdirSync(join(home, "layers", "sha256")).filter((f) => !f.startsWith(".lock-"))).toEqual([]);
      }
      rmSync(caseDir, { recursive: true, force: true });
    }), fuzzParameters(60));
    console.log(`unpack fuzz: ${unpacked} layers unpacked, ${refused} refused`);
    expect(unpacked).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  }, 3_600_000);
});
