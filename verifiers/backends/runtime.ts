// The embedded-runtime backend: one `isomer-runtime --root R exec ID /bin/sh -c CMD` per check (no
// `--`: runc 1.1 takes it for the program; argv[0] starts with `/`, so no flag parsing is at risk),
// the native binary spawned directly (no Node CLI in between). runc or crun work as the binary too.
import { spawnCollect } from "./spawn.js";
import type { Backend, BackendRunOptions, CommandResult } from "./types.js";

// Where the container lives: runtime binary, its --root, the container id.
export interface RuntimeTarget {
  binary: string;
  root?: string;
  container: string;
}

// Execs each command in a running container through the OCI runtime CLI.
export class RuntimeBackend implements Backend {
  readonly kind = "isomer";
  private readonly prefix: string[];
  constructor(readonly target: RuntimeTarget) {
    this.prefix = [...(target.root ? ["--root", target.root] : []), "exec", target.container, "/bin/sh", "-c"];
  }
  run(command: string, opts: BackendRunOptions = {}): Promise<CommandResult> {
    return spawnCollect(this.target.binary, [...this.prefix, command], command, opts.stdin);
  }
}
