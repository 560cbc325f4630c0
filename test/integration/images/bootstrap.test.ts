// bootstrapImage for real: mmdebstrap from deb.debian.org into the store (via the shared cached
// test image), then the image's contents: apt works in a chroot, no host hostname/resolv.conf,
// apt lists dated back; and a second call reuses the stored image.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bootstrapImage, checkBootstrapPrerequisites, OLD_APT_STAMP } from "../../../src/images/bootstrap/index.js";
import { debianImage, debianTestRef, TEST_PACKAGES } from "../../helpers/debian.js";

const isRoot = process.getuid?.() === 0;
const hasMmdebstrap = existsSync("/usr/bin/mmdebstrap");

// Run `argv` chrooted into an overlay of `layers` (read-only lowers + a scratch upper).
function inOverlay<T>(layers: string[], fn: (root: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "isomer-test-bootstrap-"));
  const [upper, work, root] = ["upper", "work", "root"].map((d) => join(dir, d));
  for (const d of [upper, work, root]) mkdirSync(d);
  const lowers = [...layers].reverse().join(":");
  execFileSync("mount", ["-t", "overlay", "overlay", "-o", `lowerdir=${lowers},upperdir=${upper},workdir=${work}`, root]);
  try {
    return fn(root);
  } finally {
    execFileSync("umount", [root]);
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!isRoot || !hasMmdebstrap)("bootstrapImage", () => {
  it("stores a bookworm image whose apt runs, without the host's hostname or resolv.conf", async () => {
    const image = await debianImage("bookworm", TEST_PACKAGES);
    expect(image.ref).toBe(debianTestRef("bookworm", TEST_PACKAGES));
    expect(image.config.cmd).toEqual(["bash"]);
    expect(image.config.env.some((e) => e.startsWith("PATH=/usr/local/sbin:"))).toBe(true);
    expect(image.layers).toHaveLength(1);
    const root = image.layers[0];
    expect(readFileSync(join(root, "etc/hostname"), "utf8")).toBe("");
    expect(readFileSync(join(root, "etc/resolv.conf"), "utf8")).toBe("");
    expect(statSync(join(root, "var/lib/apt/lists")).mtimeMs).toBe(OLD_APT_STAMP * 1000);
    expect(existsSync(join(root, "usr/bin/python3"))).toBe(true);
    const out = inOverlay(image.layers, (r) => execFileSync("chroot", [r, "apt-get", "--version"]).toString());
    expect(out).toMatch(/^apt \d/);
    expect(statSync(join(root, "usr/bin/sudo")).mode & 0o4000).toBe(0o4000);
  });

  it("reuses the stored image when asked for the same suite and packages", async () => {
    const first = await debianImage("bookworm", TEST_PACKAGES);
    const again = await bootstrapImage(debianTestRef("bookworm", TEST_PACKAGES), { suite: "bookworm", include: TEST_PACKAGES, ifMissing: true });
    expect(again.reused).toBe(true);
    expect(again.image.layers).toEqual(first.layers);
  });

  it("says how to install mmdebstrap when it is missing", async () => {
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      await expect(checkBootstrapPrerequisites()).rejects.toMatchObject({ code: "ISOMER_PREREQUISITE", hint: "install it with `apt-get install mmdebstrap`" });
    } finally {
      process.env.PATH = path;
    }
  });

  it("bootstraps trixie too", async () => {
    const image = await debianImage("trixie", ["python3"]);
    const osRelease = readFileSync(join(image.layers[0], "etc/os-release"), "utf8");
    expect(osRelease).toMatch(/VERSION_CODENAME=trixie/);
    const out = inOverlay(image.layers, (r) => execFileSync("chroot", [r, "python3", "-c", "print(6*7)"]).toString());
    expect(out.trim()).toBe("42");
  });
});
