import { describe, expect, it } from "vitest";
import { encodeTar, encodeTarEntry } from "../../../src/build/tar-entry.js";

// Fields of the first ustar header in `buf` at `offset`.
function header(buf: Buffer, offset = 0) {
  const h = buf.subarray(offset, offset + 512);
  const str = (o: number, n: number) => h.subarray(o, o + n).toString("utf8").replace(/\0.*$/s, "");
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  return { name: str(0, 100), mode: parseInt(str(100, 8), 8), uid: parseInt(str(108, 8), 8), size: parseInt(str(124, 12), 8), type: str(156, 1), link: str(157, 100), checksumOk: parseInt(str(148, 8), 8) === sum, magic: str(257, 6) };
}

describe("encodeTarEntry", () => {
  it("writes a valid ustar header, the data and padding", () => {
    const buf = encodeTarEntry({ path: "etc/motd", type: "file", mode: 0o640, uid: 7, data: Buffer.from("hello") });
    expect(buf.length).toBe(1024);
    expect(header(buf)).toMatchObject({ name: "etc/motd", mode: 0o640, uid: 7, size: 5, type: "0", checksumOk: true, magic: "ustar" });
    expect(buf.subarray(512, 517).toString()).toBe("hello");
  });

  it("puts long names, big ids and xattrs in a PAX header first", () => {
    const long = "d/".repeat(60) + "file";
    const buf = encodeTarEntry({ path: long, type: "symlink", linkname: "t", uid: 3_000_000, xattrs: { "security.capability": Buffer.from([1, 0, 0, 2]) } });
    expect(header(buf).type).toBe("x");
    const pax = buf.subarray(512, 512 + header(buf).size).toString("latin1");
    expect(pax).toContain(` path=${long}\n`);
    expect(pax).toContain(" uid=3000000\n");
    expect(pax).toContain(" SCHILY.xattr.security.capability=\x01\x00\x00\x02\n");
    for (const record of pax.split(/(?<=\n)/).filter(Boolean)) expect(Buffer.byteLength(record, "latin1")).toBe(Number(record.split(" ")[0]));
    const real = header(buf, 1024);
    expect(real).toMatchObject({ type: "2", link: "t", checksumOk: true });
  });

  it("ends an archive with two zero blocks", () => {
    const tar = encodeTar([{ path: "d", type: "dir" }]);
    expect(tar.length).toBe(512 * 3);
    expect(tar.subarray(512).every((b) => b === 0)).toBe(true);
  });
});
