// Locates the native layer unpacker, native/build/isomer-unpack (built by `make -C native`).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PrerequisiteError } from "../../errors.js";
import { packageRoot } from "../../util/paths.js";

// Path of isomer-unpack: $ISOMER_UNPACK, else native/build/isomer-unpack; throws if it is missing.
export function unpackBinary(env: NodeJS.ProcessEnv = process.env): string {
  const path = env.ISOMER_UNPACK || join(packageRoot(), "native", "build", "isomer-unpack");
  if (!existsSync(path)) {
    throw new PrerequisiteError(`the layer unpacker \`${path}\` is missing`, {
      code: "ISOMER_UNPACK_BINARY",
      hint: "build the native part with `make -C native` (needs gcc and make)",
    });
  }
  return path;
}
