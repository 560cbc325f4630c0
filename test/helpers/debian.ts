// A real Debian image for integration and e2e tests: bootstrapped once with mmdebstrap through
// isomer's own bootstrap (src/images/bootstrap), stored in the image store under $ISOMER_HOME and
// tagged `localhost/isomer-test/debian:<suite>-<key>` (key = the package list), so tests and the
// e2e share one cached image and a second run is fast.
import { createHash } from "node:crypto";
import { bootstrapImage } from "../../src/images/bootstrap/index.js";
import type { ResolvedImage } from "../../src/images/types.js";

export interface TestImage {
  // read-only lower directories, lowest first, to stack with overlayfs
  layers: string[];
  // the store's tag and the image config (Env, Cmd, ...)
  ref: string;
  config: ResolvedImage["config"];
}

// Packages every test image carries: Ansible needs python3; sudo, procps, iproute2 for checks.
export const TEST_PACKAGES = ["python3", "sudo", "procps", "iproute2"];

// The store tag debianImage uses for `suite` + `include`.
export function debianTestRef(suite: string, include: string[]): string {
  const key = createHash("sha256").update(`${suite}\n${[...new Set(include)].sort().join(",")}`).digest("hex").slice(0, 12);
  return `localhost/isomer-test/debian:${suite}-${key}`;
}

// Bootstrap (once) a Debian `suite` image with `include` packages and return its layer dirs.
export async function debianImage(suite = "bookworm", include: string[] = TEST_PACKAGES): Promise<TestImage> {
  const log = process.env.ISOMER_TEST_VERBOSE ? (line: string) => console.error(`[mmdebstrap] ${line}`) : undefined;
  const { image } = await bootstrapImage(debianTestRef(suite, include), { suite, include, ifMissing: true, log });
  return { layers: image.layers, ref: image.ref, config: image.config };
}
