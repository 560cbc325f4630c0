// Pick a backend from an inventory host's connection vars (what the verify step hands over).
import { runtimeBinary, runtimeStateRoot } from "../../src/util/paths.js";
import { ConfigError } from "../../src/errors.js";
import type { InstanceConnection } from "../runner/types.js";
import { EngineExecBackend } from "./docker.js";
import { LocalBackend } from "./local.js";
import { RuntimeBackend } from "./runtime.js";
import { SshBackend } from "./ssh.js";
import type { Backend } from "./types.js";

export type { Backend, BackendRunOptions, CommandResult } from "./types.js";
export { LocalBackend, RuntimeBackend, SshBackend, EngineExecBackend };

const str = (v: unknown): string | undefined => (v === undefined || v === null || v === "" ? undefined : String(v));

// The backend for `instance`: isomer exec, local, ssh (ansible_host/port/user/password/key), docker/podman.
export function backendFor(instance: InstanceConnection): Backend {
  const v = instance.vars;
  switch (instance.connection) {
    case "isomer":
      return new RuntimeBackend({
        binary: str(v.isomer_runtime) ?? runtimeBinary(),
        root: str(v.isomer_root) ?? runtimeStateRoot(),
        container: str(v.isomer_container) ?? instance.name,
      });
    case "local":
      return new LocalBackend();
    case "ssh":
      return new SshBackend({
        host: str(v.ansible_host) ?? instance.name,
        port: v.ansible_port === undefined ? undefined : Number(v.ansible_port),
        user: str(v.ansible_user),
        password: str(v.ansible_password) ?? str(v.ansible_ssh_pass),
        privateKeyFile: str(v.ansible_ssh_private_key_file) ?? str(v.ansible_private_key_file),
      });
    case "docker":
    case "podman":
      return new EngineExecBackend(instance.connection, str(v.ansible_host) ?? instance.name, str(v.ansible_user));
    default:
      throw new ConfigError(`Instance \`${instance.name}\` has connection \`${String(instance.connection)}\`, which the verifier cannot use`, {
        hint: "use one of `isomer`, `local`, `ssh`, `docker`, `podman`",
      });
  }
}
