// The holder of a rootless network: a pause process that owns a user namespace (isomer's one id
// mapping, written by newuidmap/newgidmap) and a network namespace, and does nothing else. pasta
// and every instance of the scenario join its user namespace; its netns holds the bridge. It is
// started detached so that it outlives isomer between `create` and `destroy`, and writes its own
// pid file, so that even a kill -9 of isomer right after the start leaves it findable.
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { IsomerError } from "../../../errors.js";
import { runtimeBinary } from "../../../util/paths.js";
import type { IdMap } from "../../../util/idmap.js";
import { holderArgv, pidFiles } from "./batches.js";
import { processRef, readPidFile } from "./process.js";
import type { ProcessRef } from "./plan.js";

const START_LIMIT_MS = 30_000;

// Starts the holder of the network whose directory is `dir` (it must exist) and returns it once
// its namespaces are mapped. The ONE place that decides how a holder starts: `isomer-runtime
// unshare --net` (the same user namespace maker as rootless unpack).
export async function startHolder(dir: string, idmap: IdMap): Promise<ProcessRef> {
  const child = spawn(runtimeBinary(), holderArgv(dir, idmap), { detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  let exited: string | undefined;
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.once("error", (error) => (exited = error.message));
  child.once("exit", (code, signal) => (exited = signal ? `killed by ${signal}` : `exit code ${code}`));
  const file = pidFiles(dir).holder;
  for (let waited = 0; readPidFile(file) === undefined; waited += 5) {
    if (exited !== undefined || waited > START_LIMIT_MS) {
      if (exited === undefined) child.kill("SIGKILL");
      throw new IsomerError("ISOMER_ROOTLESS_HOLDER", `cannot start the rootless network's namespace holder (\`isomer-runtime unshare --net\`, ${exited ?? "no answer"}): ${stderr.trim() || "no message"}`, {
        hint: "check that `newuidmap`/`newgidmap` (package uidmap) are installed setuid and that /etc/subuid and /etc/subgid give you a range",
      });
    }
    await sleep(5);
  }
  child.stderr!.destroy();
  child.unref();
  const ref = processRef(readPidFile(file)!);
  if (!ref || ref.pid !== child.pid) throw new IsomerError("ISOMER_ROOTLESS_HOLDER", `the rootless network's namespace holder (pid ${child.pid}) exited right after it started`);
  return ref;
}
