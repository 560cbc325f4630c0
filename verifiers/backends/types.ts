// What every backend implements: run one shell command on the instance and return its result.

// The outcome of one command, as testinfra's CommandResult (rc, stdout, stderr).
export interface CommandResult {
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
}

// Per-command options: text fed on stdin.
export interface BackendRunOptions {
  stdin?: string;
}

// A way to run commands on one instance (container exec, local shell, SSH, docker exec).
export interface Backend {
  // kind of backend, for messages: `isomer`, `local`, `ssh`, `docker`, `podman`
  readonly kind: string;
  // run `command` with /bin/sh -c on the instance
  run(command: string, opts?: BackendRunOptions): Promise<CommandResult>;
  // release connections (SSH); a no-op for exec backends
  close?(): Promise<void>;
}
