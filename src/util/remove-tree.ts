// Removes a directory tree that may hold files of a rootless container's mapped ids: an ordinary
// user can neither list nor unlink what a container's non-root users (subordinate uids) made, nor
// a directory the kernel made mode 000 (overlayfs' work dir). As root, or when plain removal
// works, it is rmSync; otherwise `rm -rf` runs as root of a user namespace with the caller's id
// mapping (util/idmap.ts), where those ids are the caller's own.
import { rmSync } from "node:fs";
import { IsomerError } from "../errors.js";
import { callerIdMap, isRootless, unshareArgs } from "./idmap.js";
import { runtimeBinary } from "./paths.js";
import { runProcess } from "./process.js";

const DENIED = new Set(["EACCES", "EPERM", "ENOTEMPTY"]);

// Removes `path` and everything under it (no error when it does not exist).
export async function removeTree(path: string): Promise<void> {
  try {
    rmSync(path, { recursive: true, force: true });
    return;
  } catch (error) {
    if (!isRootless() || !DENIED.has((error as NodeJS.ErrnoException).code ?? "")) throw error;
  }
  const r = await runProcess(runtimeBinary(), unshareArgs(callerIdMap(), ["rm", "-rf", "--", path]));
  if (r.exitCode !== 0)
    throw new IsomerError("ISOMER_REMOVE", `cannot remove \`${path}\` in your user namespace: ${r.stderr.trim() || `exit code ${r.exitCode}`}`, {
      hint: "a process of a container may still use it; run `isomer destroy` again, or remove it as root",
    });
}
