// docker / podman exec, for instances on an engine (where one exists).
import { spawnCollect } from "./spawn.js";
import type { Backend, BackendRunOptions, CommandResult } from "./types.js";

// Runs each command with `<engine> exec -i CONTAINER /bin/sh -c CMD`.
export class EngineExecBackend implements Backend {
  constructor(readonly kind: "docker" | "podman", readonly container: string, readonly user?: string) {}
  run(command: string, opts: BackendRunOptions = {}): Promise<CommandResult> {
    const args = ["exec", ...(opts.stdin !== undefined ? ["-i"] : []), ...(this.user ? ["-u", this.user] : []), this.container, "/bin/sh", "-c", command];
    return spawnCollect(this.kind, args, command, opts.stdin);
  }
}
