import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { detectCompression } from "../../../../src/images/unpack/compression.js";

const dir = mkdtempSync(join(tmpdir(), "isomer-test-unpack-unit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function blob(name: string, data: Buffer): string {
  writeFileSync(join(dir, name), data);
  return join(dir, name);
}

describe("detectCompression", () => {
  it("tells gzip, zstd and plain tar from their first bytes, whatever the media type says", async () => {
    expect(await detectCompression(blob("a.gz", gzipSync(Buffer.from("x"))), "application/vnd.oci.image.layer.v1.tar")).toBe("gzip");
    expect(await detectCompression(blob("a.zst", Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0])))).toBe("zstd");
    expect(await detectCompression(blob("a.tar", Buffer.alloc(1024)), "application/vnd.docker.image.rootfs.diff.tar.gzip")).toBe("none");
  });

  it("refuses compressions layers do not use, naming the blob", async () => {
    const path = blob("a.bz2", Buffer.from("BZh91AY&SY"));
    await expect(detectCompression(path)).rejects.toThrow(new RegExp(`layer \`${path}\` uses a compression`));
  });
});
