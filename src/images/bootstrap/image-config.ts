// The OCI image config of a bootstrapped Debian image: Docker's debian image defaults
// (PATH, Cmd bash) plus labels saying how it was made, which caches compare.
import type { ImageConfigJson } from "../types.js";
import { BOOTSTRAP_RECIPE, type DebianRootfsSpec } from "./mmdebstrap.js";

// Label holding the canonical description of the bootstrap (suite, variant, packages, mirror).
export const BOOTSTRAP_LABEL = "dev.isomer.bootstrap";

// A stable string for `spec` (packages sorted), used as label value and cache key.
export function bootstrapKey(spec: DebianRootfsSpec): string {
  const include = [...new Set(spec.include ?? [])].sort().join(",");
  return `recipe=${BOOTSTRAP_RECIPE};suite=${spec.suite};variant=${spec.variant ?? "minbase"};include=${include};mirror=${spec.mirror ?? ""}`;
}

// The image config document for a bootstrapped rootfs.
export function bootstrapConfig(spec: DebianRootfsSpec, created = new Date()): ImageConfigJson {
  const include = spec.include?.length ? ` --include ${spec.include.join(",")}` : "";
  return {
    created: created.toISOString(),
    os: "linux",
    config: {
      Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
      Cmd: ["bash"],
      Labels: { [BOOTSTRAP_LABEL]: bootstrapKey(spec) },
    },
    history: [{ created: created.toISOString(), created_by: `isomer image bootstrap --suite ${spec.suite}${include}` }],
  };
}
