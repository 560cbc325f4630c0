// The local backend: commands run on the machine isomer runs on (Molecule's `local` connection).
import { spawnCollect } from "./spawn.js";
import type { Backend, BackendRunOptions, CommandResult } from "./types.js";

// Runs each command with /bin/sh -c on this machine.
export class LocalBackend implements Backend {
  readonly kind = "local";
  run(command: string, opts: BackendRunOptions = {}): Promise<CommandResult> {
    return spawnCollect("/bin/sh", ["-c", command], command, opts.stdin);
  }
}
