// unpackLayer against hand-made layers: every tar entry type with exact metadata, PAX xattrs,
// whiteouts and opaque dirs (checked through a real overlayfs mount), hardlinks, replaced entries,
// and hostile paths that must be refused with the entry named. Needs root (chown, mknod, trusted.*).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeTar } from "../../../src/build/tar-entry.js";
import { unpackLayer } from "../../../src/images/unpack/index.js";
import { dir, file, hardlink, symlink, writeLayer, type TarEntry } from "../../helpers/layers.js";

const isRoot = process.getuid?.() === 0;
let work = "";

beforeAll(() => {
  execFileSync("make", ["-s", "-C", "native"], { stdio: "inherit" });
  work = mkdtempSync(join(tmpdir(), "isomer-test-unpack-"));
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

let counter = 0;
// Write `entries` as a layer and unpack it into a fresh directory; returns that directory.
async function unpack(entries: TarEntry[], gzip = false): Promise<string> {
  const n = counter++;
  const blob = writeLayer(work, `layer-${n}.tar${gzip ? ".gz" : ""}`, entries, gzip);
  const dest = join(work, `out-${n}`);
  await unpackLayer(blob, gzip ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.oci.image.layer.v1.tar", dest);
  return dest;
}

function xattr(path: string, name: string): string | null {
  const script = "import os,sys\ntry: sys.stdout.buffer.write(os.getxattr(sys.argv[1], sys.argv[2], follow_symlinks=False))\nexcept OSError: sys.exit(3)";
  try {
    return execFileSync("/usr/bin/python3", ["-c", script, path, name]).toString("latin1");
  } catch {
    return null;
  }
}

describe.skipIf(!isRoot)("unpackLayer", () => {
  it("writes every entry type with exact owners, modes, times and xattrs", async () => {
    const cap = Buffer.from("0100000200200000000000000000000000000000", "hex");
    const long = "deep/" + "d".repeat(120) + "/file-with-a-long-path";
    const out = await unpack(
      [
        dir("./", { mode: 0o755, mtime: 1000 }),
        dir("./etc", { mode: 0o750, uid: 0, gid: 42, mtime: 1_600_000_000 }),
        file("./etc/secret", "s3cret", { mode: 0o600, uid: 1234, gid: 5678, mtime: 1_500_000_000 }),
        file("usr/bin/sudo", "#!fake", { mode: 0o4755, uid: 0, gid: 0 }),
        file("usr/bin/ping", "ping", { mode: 0o755, xattrs: { "security.capability": cap, "user.note": "hello" } }),
        symlink("usr/bin/link", "sudo", { uid: 7, gid: 8, mtime: 1_400_000_000 }),
        hardlink("usr/bin/sudo-again", "usr/bin/sudo"),
        { path: "dev/null", type: "char", mode: 0o666, devmajor: 1, devminor: 3 },
        { path: "dev/loop0", type: "block", mode: 0o660, gid: 6, devmajor: 7, devminor: 0 },
        { path: "run/fifo", type: "fifo", mode: 0o620 },
        file(long, "long"),
        dir("tmp", { mode: 0o1777, mtime: 1_234_567_890 }),
        file("tmp/inside", "written after tmp: its mtime must still hold"),
      ],
      true,
    );
    const st = (p: string) => lstatSync(join(out, p));
    expect(st("etc").mode & 0o7777).toBe(0o750);
    expect(st("etc").gid).toBe(42);
    expect(st("etc").mtimeMs).toBe(1_600_000_000_000);
    expect(readFileSync(join(out, "etc/secret"), "utf8")).toBe("s3cret");
    expect([st("etc/secret").uid, st("etc/secret").gid, st("etc/secret").mode & 0o7777]).toEqual([1234, 5678, 0o600]);
    expect(st("etc/secret").mtimeMs).toBe(1_500_000_000_000);
    expect(st("usr/bin/sudo").mode & 0o7777).toBe(0o4755);
    expect(xattr(join(out, "usr/bin/ping"), "security.capability")).toBe(cap.toString("latin1"));
    expect(xattr(join(out, "usr/bin/ping"), "user.note")).toBe("hello");
    expect(st("usr/bin/link").isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(out, "usr/bin/link"))).toBe("sudo");
    expect([st("usr/bin/link").uid, st("usr/bin/link").gid, st("usr/bin/link").mtimeMs]).toEqual([7, 8, 1_400_000_000_000]);
    expect(st("usr/bin/sudo-again").ino).toBe(st("usr/bin/sudo").ino);
    expect(st("dev/null").isCharacterDevice()).toBe(true);
    expect(st("dev/null").rdev).toBe(0x103);
    expect(st("dev/null").mode & 0o7777).toBe(0o666);
    expect(st("dev/loop0").isBlockDevice()).toBe(true);
    expect(st("dev/loop0").gid).toBe(6);
    expect(st("run/fifo").isFIFO()).toBe(true);
    expect(st("run/fifo").mode & 0o7777).toBe(0o620);
    expect(readFileSync(join(out, long), "utf8")).toBe("long");
    expect(st("tmp").mode & 0o7777).toBe(0o1777);
    expect(st("tmp").mtimeMs).toBe(1_234_567_890_000);
    expect(st(".").mtimeMs).toBe(1_000_000);
  });

  it("reports the uncompressed digest and checks an expected one", async () => {
    const entries = [file("a", "a")];
    const blob = writeLayer(work, "digest.tar.gz", entries, true);
    const tarDigest = "sha256:" + createHash("sha256").update(encodeTar(entries)).digest("hex");
    const result = await unpackLayer(blob, "application/vnd.oci.image.layer.v1.tar+gzip", join(work, "digest-out"));
    expect(result.diffId).toBe(tarDigest);
    expect(result.files).toBe(1);
    await expect(unpackLayer(blob, "", join(work, "digest-out2"), { diffId: "sha256:" + "0".repeat(64) })).rejects.toThrow(/does not match/);
  });

  it("reads zstd layers", async () => {
    const blob = writeLayer(work, "z.tar", [file("z/hello", "zstd")]);
    execFileSync("zstd", ["-q", "-f", blob, "-o", blob + ".zst"]);
    const dest = join(work, "zstd-out");
    await unpackLayer(blob + ".zst", "application/vnd.oci.image.layer.v1.tar+zstd", dest);
    expect(readFileSync(join(dest, "z/hello"), "utf8")).toBe("zstd");
  });

  it("turns .wh. entries into overlay whiteouts and .wh..wh..opq into opaque dirs", async () => {
    const out = await unpack([dir("etc"), file("etc/.wh.gone", ""), dir("var/cache"), file("var/cache/.wh..wh..opq", ""), file("var/cache/new", "n")]);
    const wh = lstatSync(join(out, "etc/gone"));
    expect(wh.isCharacterDevice()).toBe(true);
    expect(wh.rdev).toBe(0);
    expect(existsSync(join(out, "etc/.wh.gone"))).toBe(false);
    expect(xattr(join(out, "var/cache"), "trusted.overlay.opaque")).toBe("y");
    expect(readdirSync(join(out, "var/cache"))).toEqual(["new"]);
  });

  it("hides lower files under an overlay mount of two unpacked layers", async () => {
    const lower = await unpack([file("etc/keep", "k"), file("etc/gone", "g"), file("var/cache/old", "o"), dir("var/cache/olddir"), file("var/cache/olddir/x", "x")]);
    const upper = await unpack([file("etc/.wh.gone", ""), dir("var/cache"), file("var/cache/.wh..wh..opq", ""), file("var/cache/new", "n")]);
    const mnt = join(work, "mnt");
    mkdirSync(mnt);
    execFileSync("mount", ["-t", "overlay", "overlay", "-o", `lowerdir=${upper}:${lower}`, mnt]);
    try {
      expect(readdirSync(join(mnt, "etc"))).toEqual(["keep"]);
      expect(existsSync(join(mnt, "etc/gone"))).toBe(false);
      expect(readdirSync(join(mnt, "var/cache"))).toEqual(["new"]);
    } finally {
      execFileSync("umount", [mnt]);
    }
  });

  it("lets a later entry replace an earlier one of the same name", async () => {
    const out = await unpack([file("x", "first"), file("x", "second"), file("d", "file"), dir("d"), file("d/in", "i"), symlink("s", "x"), file("s", "now a file")]);
    expect(readFileSync(join(out, "x"), "utf8")).toBe("second");
    expect(lstatSync(join(out, "d")).isDirectory()).toBe(true);
    expect(lstatSync(join(out, "s")).isFile()).toBe(true);
  });

  const hostile: [string, TarEntry[], RegExp][] = [
    ["a `..` path", [file("../evil", "x")], /entry `\.\.\/evil` escapes/],
    ["a `..` in the middle", [dir("a"), file("a/../../evil", "x")], /`a\/\.\.\/\.\.\/evil` escapes/],
    ["an absolute path", [file("/etc/evil", "x")], /entry `\/etc\/evil` has an absolute path/],
    ["a write through a symlink to outside", [symlink("link", "/tmp"), file("link/evil", "x")], /entry `link\/evil` would be written through a symlink/],
    ["a write through a relative symlink", [symlink("up", "../.."), file("up/evil", "x")], /entry `up\/evil` would be written through a symlink/],
    ["a directory through a symlink", [symlink("link", "/"), dir("link/etc/newdir")], /entry `link\/etc\/newdir` would be written through a symlink/],
    ["a hardlink to outside", [hardlink("h", "../../../etc/passwd")], /entry `h`.*escapes|`\.\.\/\.\.\/\.\.\/etc\/passwd` escapes/],
    ["a hardlink through a symlink", [symlink("etc", "/etc"), hardlink("h", "etc/passwd")], /entry `h`: hardlink target `etc\/passwd`/],
    ["a whiteout through a symlink", [symlink("l", "/tmp"), file("l/.wh.x", "")], /entry `l\/.wh.x` would be written through a symlink/],
  ];
  for (const [what, entries, message] of hostile) {
    it(`refuses ${what}, naming the entry`, async () => {
      const before = readdirSync("/tmp").filter((n) => n === "evil" || n === "x");
      await expect(unpack(entries)).rejects.toThrow(message);
      expect(readdirSync("/tmp").filter((n) => n === "evil" || n === "x")).toEqual(before);
      expect(existsSync("/etc/newdir")).toBe(false);
    });
  }

  it("links to a file of a lower layer by copying it up when given the lower layers", async () => {
    const lower = await unpack([file("usr/bin/tool", "tool v1", { mode: 0o4711, uid: 3, gid: 4, mtime: 1_300_000_000, xattrs: { "user.k": "v" } })]);
    const middle = await unpack([file("usr/share/doc/readme", "r")]);
    const blob = writeLayer(work, "across.tar", [hardlink("usr/local/bin/tool-link", "usr/bin/tool")]);
    const dest = join(work, "across-out");
    await unpackLayer(blob, "", dest, { lowerDirs: [lower, middle] });
    const link = lstatSync(join(dest, "usr/local/bin/tool-link"));
    const copy = lstatSync(join(dest, "usr/bin/tool"));
    expect(link.ino).toBe(copy.ino);
    expect([copy.mode & 0o7777, copy.uid, copy.gid, copy.mtimeMs]).toEqual([0o4711, 3, 4, 1_300_000_000_000]);
    expect(readFileSync(join(dest, "usr/local/bin/tool-link"), "utf8")).toBe("tool v1");
    expect(xattr(join(dest, "usr/bin/tool"), "user.k")).toBe("v");
    const hidden = await unpack([file("usr/bin/.wh.tool", "")]);
    const blob2 = writeLayer(work, "across-hidden.tar", [hardlink("x", "usr/bin/tool")]);
    await expect(unpackLayer(blob2, "", join(work, "across-hidden"), { lowerDirs: [lower, hidden] })).rejects.toThrow(/entry `x`: hardlink to `usr\/bin\/tool`/);
  });

  it("refuses a hardlink to a file that is not in the layer", async () => {
    await expect(unpack([hardlink("h", "usr/bin/from-a-lower-layer")])).rejects.toThrow(/entry `h`/);
  });

  it("packs an overlay upper dir back into a layer with .wh. entries (isomer-unpack --pack)", async () => {
    const lower = await unpack([file("etc/gone", "g"), dir("var/cache"), file("var/cache/old", "o"), file("keep", "k")]);
    const upper = join(work, "pack-upper");
    const wk = join(work, "pack-work");
    const mnt = join(work, "pack-mnt");
    for (const d of [upper, wk, mnt]) mkdirSync(d);
    execFileSync("mount", ["-t", "overlay", "overlay", "-o", `lowerdir=${lower},upperdir=${upper},workdir=${wk},redirect_dir=off`, mnt]);
    try {
      execFileSync("sh", ["-c", `rm ${mnt}/etc/gone && rm -r ${mnt}/var/cache && mkdir ${mnt}/var/cache && echo n > ${mnt}/var/cache/new && ln ${mnt}/keep ${mnt}/keep2`]);
    } finally {
      execFileSync("umount", [mnt]);
    }
    const tar = execFileSync("native/build/isomer-unpack", ["--pack", upper], { maxBuffer: 1 << 26 });
    const names = execFileSync("tar", ["-t"], { input: tar }).toString().trim().split("\n");
    expect(names).toEqual(expect.arrayContaining(["etc/.wh.gone", "var/cache/.wh..wh..opq", "var/cache/new", "keep", "keep2"]));
    const verbose = execFileSync("tar", ["-tv"], { input: tar }).toString();
    expect(verbose).toMatch(/keep2 link to keep/);
    expect(verbose).not.toMatch(/trusted\.overlay/);
    const back = await unpack([]).then(() => join(work, `repacked-${counter++}`));
    execFileSync("native/build/isomer-unpack", [back], { input: tar });
    expect(lstatSync(join(back, "etc/gone")).isCharacterDevice()).toBe(true);
    expect(xattr(join(back, "var/cache"), "trusted.overlay.opaque")).toBe("y");
  });

  it("rejects a stream that is not a tar", async () => {
    const n = counter++;
    const blob = join(work, `junk-${n}`);
    execFileSync("sh", ["-c", `head -c 2048 /dev/urandom > ${blob}`]);
    await expect(unpackLayer(blob, "", join(work, `junk-out-${n}`))).rejects.toThrow(/bad checksum|not a tar/);
  });
});
