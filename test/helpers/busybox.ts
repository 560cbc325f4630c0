// A tiny rootfs for runtime tests, built from Debian's busybox-static: /bin/busybox plus a symlink
// per applet, /etc/passwd with root and an unprivileged `tester` (1000:1000). Built once per
// ISOMER_HOME and used read-only as an overlay lower layer, so tests never modify it.
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { isomerHome } from "../../src/util/paths.js";

// The host's static busybox (package busybox-static).
export const BUSYBOX = "/bin/busybox";

// Build (once) and return the busybox rootfs directory.
export async function busyboxRootfs(): Promise<string> {
  const dir = join(isomerHome(), "cache", "test-busybox", "rootfs");
  if (existsSync(dir)) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  for (const d of ["bin", "sbin", "usr/bin", "usr/sbin", "etc", "proc", "sys", "dev", "tmp", "root", "home/tester", "run", "var/tmp"]) {
    mkdirSync(join(tmp, d), { recursive: true });
  }
  chmodSync(join(tmp, "tmp"), 0o1777);
  copyFileSync(BUSYBOX, join(tmp, "bin", "busybox"));
  chmodSync(join(tmp, "bin", "busybox"), 0o755);
  // one relative link per applet in /bin (`--install` would point them at the host path)
  const applets = (await execa(BUSYBOX, ["--list"])).stdout.split("\n").filter((a) => a && a !== "busybox");
  for (const applet of applets) symlinkSync("busybox", join(tmp, "bin", applet));
  writeFileSync(join(tmp, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\ntester:x:1000:1000:tester:/home/tester:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
  writeFileSync(join(tmp, "etc", "group"), "root:x:0:\ntty:x:5:\ntester:x:1000:\nnogroup:x:65534:\n");
  await execa("chown", ["1000:1000", join(tmp, "home", "tester")]);
  mkdirSync(join(dir, ".."), { recursive: true });
  renameSync(tmp, dir);
  return dir;
}
