// Layers unpacked by an ordinary user (root only builds the tar files and looks from outside):
// unpackLayer runs isomer-unpack as root of the user's namespace (isomer-runtime unshare, isomer's
// id mapping), so the layer's owners become the mapped ids on the host, opaque directories carry
// user.overlay.opaque, whiteouts are 0/0 devices, other device nodes are left out and counted, and
// an overlay of two such layers mounted in the user's namespace (userxattr) shows what the image
// means: the opaque directory hides the lower one's files, the whiteout hides the removed file.
// The user's half drives the built module (dist/, `npm run build` first) because plain node runs it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { parseSubIds, rootlessIdMap, unshareArgs, type IdMap } from "../../../src/util/idmap.js";
import { runtimeBinary } from "../../../src/util/paths.js";
import { unprivilegedUser, type UnprivilegedUser } from "../../helpers/unprivileged-user.js";

const isRoot = process.getuid?.() === 0;
const USER = "isomer-unpack-rl";
const MODULE = join(import.meta.dirname, "../../../dist/src/images/unpack/index.js");

describe.skipIf(!isRoot)("unpackLayer as an ordinary user", () => {
  let user: UnprivilegedUser;
  let idmap: IdMap;
  let work: string;
  const results: Record<string, { skippedDevices: number; entries: number }> = {};

  // A tar of `build` (a function filling a fresh directory as root), owners kept numerically.
  function tarOf(name: string, build: (dir: string) => void): string {
    const dir = join(work, `${name}-src`);
    mkdirSync(dir);
    build(dir);
    const blob = join(work, `${name}.tar`);
    execFileSync("tar", ["--numeric-owner", "-C", dir, "-cf", blob, "."]);
    return blob;
  }

  // unpackLayer(blob, "", dest) run by the user, as isomer would run it.
  async function unpackAsUser(blob: string, dest: string): Promise<{ skippedDevices: number; entries: number }> {
    const script = `import(process.argv[1]).then((m) => m.unpackLayer(process.argv[2], "", process.argv[3])).then((r) => console.log(JSON.stringify(r)))`;
    const r = await user.run(["node", "-e", script, MODULE, blob, dest], { reject: false, cwd: work });
    if (r.exitCode !== 0) throw new Error(`unpack as ${USER} failed (${r.exitCode}): ${r.stderr}`);
    return JSON.parse(String(r.stdout)) as { skippedDevices: number; entries: number };
  }

  beforeAll(async () => {
    user = unprivilegedUser(USER);
    const range = (file: string) => parseSubIds(readFileSync(file, "utf8"), USER, user.uid)!;
    idmap = rootlessIdMap(user.uid, user.gid, range("/etc/subuid"), range("/etc/subgid"));
    work = mkdtempSync(join(tmpdir(), "isomer-test-unpack-rl-"));
    chmodSync(work, 0o755);
    const lower = tarOf("lower", (d) => {
      mkdirSync(join(d, "etc/conf.d"), { recursive: true });
      writeFileSync(join(d, "etc/conf.d/old"), "old\n");
      writeFileSync(join(d, "etc/gone"), "gone\n");
      writeFileSync(join(d, "etc/kept"), "kept\n");
      writeFileSync(join(d, "etc/by-one"), "1\n");
      execFileSync("chown", ["1:1", join(d, "etc/by-one")]);
      execFileSync("mknod", [join(d, "etc/null"), "c", "1", "3"]);
    });
    const upper = tarOf("upper", (d) => {
      mkdirSync(join(d, "etc/conf.d"), { recursive: true });
      writeFileSync(join(d, "etc/conf.d/.wh..wh..opq"), "");
      writeFileSync(join(d, "etc/conf.d/new"), "new\n");
      writeFileSync(join(d, "etc/.wh.gone"), "");
    });
    execFileSync("chown", [`${user.uid}:${user.gid}`, work]);
    results.lower = await unpackAsUser(lower, join(work, "L0"));
    results.upper = await unpackAsUser(upper, join(work, "L1"));
  });

  afterAll(() => {
    if (work) {
      // the subordinate ids' files: root removes them (the user would do it in its namespace)
      rmSync(work, { recursive: true, force: true });
    }
    user?.remove();
  });

  it("gives the layer's owners to the mapped ids: 0 is the user, 1 the range's first", () => {
    expect(lstatSync(join(work, "L0/etc/kept")).uid).toBe(user.uid);
    expect(lstatSync(join(work, "L0/etc/by-one")).uid).toBe(idmap.uidMappings[1]!.hostID);
    expect(lstatSync(join(work, "L0/etc/by-one")).gid).toBe(idmap.gidMappings[1]!.hostID);
  });

  it("leaves device nodes out and counts them; whiteouts are 0/0 devices, opaque dirs user.overlay.opaque", () => {
    expect(results.lower!.skippedDevices).toBe(1);
    expect(lstatSync(join(work, "L0/etc/null"), { throwIfNoEntry: false })).toBeUndefined();
    const whiteout = lstatSync(join(work, "L1/etc/gone"));
    expect(whiteout.isCharacterDevice() && whiteout.rdev === 0).toBe(true);
    const xattr = execFileSync("python3", ["-c", "import os,sys; print(os.getxattr(sys.argv[1], 'user.overlay.opaque').decode())", join(work, "L1/etc/conf.d")]);
    expect(String(xattr).trim()).toBe("y");
  });

  it("stacks in the user's namespace as the image means (opaque dir and whiteout honoured)", async () => {
    const lowers = `lowerdir=${join(work, "L1")}:${join(work, "L0")},userxattr`;
    const script = `mount -t overlay overlay -o "$0" /mnt && ls /mnt/etc/conf.d && ls /mnt/etc`;
    const r = await user.run([runtimeBinary(), ...unshareArgs(idmap, ["sh", "-c", script, lowers])], { reject: false, cwd: work });
    expect(r.stderr).toBe("");
    expect(String(r.stdout).split("\n")).toEqual(["new", "by-one", "conf.d", "kept"]);
  });
});
