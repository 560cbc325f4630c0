// A real Debian rootfs for integration and e2e tests, bootstrapped once with mmdebstrap and cached
// under $ISOMER_HOME so that a second run is fast. Interim version: a plain directory per
// (suite, packages); the images work replaces the inside with the image store's bootstrap, keeping
// this signature.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { isomerHome } from "../../src/util/paths.js";

export interface TestImage {
  // read-only lower directories, lowest first, to stack with overlayfs
  layers: string[];
}

// Packages every test image carries: Ansible needs python3; sudo, procps, iproute2 for checks.
export const TEST_PACKAGES = ["python3", "sudo", "procps", "iproute2"];

// Bootstrap (once) a Debian `suite` rootfs with `include` packages and return its layer dirs.
export async function debianImage(suite = "bookworm", include: string[] = TEST_PACKAGES): Promise<TestImage> {
  const key = createHash("sha256").update(`${suite}\n${[...include].sort().join(",")}`).digest("hex").slice(0, 16);
  const dir = join(isomerHome(), "cache", "test-rootfs", `${suite}-${key}`);
  const rootfs = join(dir, "rootfs");
  if (existsSync(rootfs)) return { layers: [rootfs] };
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  await execa("mmdebstrap", ["--variant=minbase", `--include=${include.join(",")}`, suite, tmp], { stdio: "inherit" });
  renameSync(tmp, rootfs);
  return { layers: [rootfs] };
}
