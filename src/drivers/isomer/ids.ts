// Names the driver derives (so destroy and the inventory find them without asking state): the
// container id of an instance and the runtime that runs it.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { PrerequisiteError } from "../../errors.js";
import { runtimeBinary, runtimeStateRoot } from "../../util/paths.js";
import type { DriverContext } from "../driver.js";

// `<prefix>-<6 hex of the ephemeral dir>-<instance>`; prefix $ISOMER_CONTAINER_PREFIX or `isomer`.
export function containerId(ctx: DriverContext, instance: string): string {
  const prefix = ctx.env.ISOMER_CONTAINER_PREFIX || process.env.ISOMER_CONTAINER_PREFIX || "isomer";
  const scenario = createHash("sha256").update(ctx.ephemeralDir).digest("hex").slice(0, 6);
  const name = instance.replace(/[^A-Za-z0-9_.-]/g, "_").replace(/^\./, "_");
  return `${prefix}-${scenario}-${name}`.slice(0, 120);
}

// The runtime binary and state root for a platform: `runtime: runc|crun` or the embedded one.
export function runtimeFor(ctx: DriverContext, platformRuntime?: string): { binary: string; root: string } {
  const chosen = platformRuntime ?? (ctx.config.driver.options?.runtime as string | undefined);
  const root = runtimeStateRoot(ctx.env);
  if (chosen && chosen !== "isomer") return { binary: chosen, root };
  const binary = runtimeBinary(ctx.env);
  if (binary.includes("/") && !existsSync(binary))
    throw new PrerequisiteError(`the embedded runtime \`${binary}\` is not built`, {
      hint: "run `npm run build:native` (needs gcc, make, libseccomp-dev, libcap-dev), or set `ISOMER_RUNTIME=runc`",
    });
  return { binary, root };
}
