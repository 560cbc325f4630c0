// RuntimeClient: drives an OCI runtime binary (isomer-runtime, or runc/crun standing in, since the
// command line is the one they share) through util/process. Every failure is an IsomerError
// carrying the runtime's stderr; the exit code of `exec`/`run` is returned, not thrown.
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { IsomerError } from "../errors.js";
import { runtimeBinary, runtimeStateRoot } from "../util/paths.js";
import { runProcess, type ProcessOptions, type ProcessResult } from "../util/process.js";
import type { OciState } from "./oci-types.js";

// Which binary and which state root (`--root`) to use.
export interface RuntimeClientOptions {
  binary?: string; // default: $ISOMER_RUNTIME or native/build/isomer-runtime
  root?: string; // default: $ISOMER_RUNTIME_ROOT or /run/isomer/runtime
  env?: Record<string, string>; // extra environment for the runtime process
}

// Options of exec (and of the process of `run` when attached).
export interface ExecOptions {
  tty?: boolean;
  cwd?: string;
  env?: string[]; // K=V
  user?: string; // UID[:GID]
  detach?: boolean;
  input?: string | Uint8Array; // fed to the process's stdin, then closed
  stdio?: "pipe" | "inherit"; // inherit: interactive (login)
}

// A client for one runtime binary and state root.
export class RuntimeClient {
  readonly binary: string;
  readonly root: string;
  private readonly env: Record<string, string>;

  constructor(o: RuntimeClientOptions = {}) {
    this.binary = o.binary ?? runtimeBinary();
    this.root = o.root ?? runtimeStateRoot();
    this.env = o.env ?? {};
  }

  // `create --bundle DIR [--pid-file F] ID`: the container is `created`, its process not yet run.
  // The container inherits create's stdout/stderr, so they go to `log` (default DIR/container.log),
  // never to a pipe of ours (that pipe would stay open as long as the container lives).
  async create(id: string, bundle: string, o: { pidFile?: string; log?: string } = {}): Promise<void> {
    await this.detached(["create", "--bundle", bundle, ...(o.pidFile ? ["--pid-file", o.pidFile] : []), id], o.log ?? join(bundle, "container.log"));
  }

  // Run a verb that leaves the container's process behind with its stdio on `log`.
  private async detached(args: string[], log: string): Promise<void> {
    const fd = openSync(log, "a");
    const before = fstatSync(fd).size;
    try {
      const r = await runProcess(this.binary, [...this.baseArgs(), ...args], { env: this.env, outputFd: fd });
      if (r.exitCode !== 0) throw this.failure(args, `${readTail(log, before)}${r.startError ? ` (${r.shortMessage})` : ""}`);
    } finally {
      closeSync(fd);
    }
  }

  // `start ID`: run the process of a created container.
  async start(id: string): Promise<void> {
    await this.call(["start", id]);
  }

  // `run --bundle DIR ID`: create + start, attached; returns the process's result (a non-zero
  // exit code is not an error). `runDetached` leaves it running.
  async run(id: string, bundle: string, o: { input?: string } = {}): Promise<ProcessResult> {
    return this.attached(["run", "--bundle", bundle, id], { input: o.input });
  }

  // `run --bundle DIR --detach ID`: the process's output goes to DIR/container.log as with create.
  async runDetached(id: string, bundle: string): Promise<void> {
    await this.detached(["run", "--bundle", bundle, "--detach", id], join(bundle, "container.log"));
  }

  // `exec [flags] ID ARGV` (runc and crun take no `--` there) in a running container; returns the exit code (128+signal if killed).
  async exec(id: string, argv: string[], o: ExecOptions = {}): Promise<ProcessResult> {
    const flags: string[] = [];
    if (o.tty) flags.push("--tty");
    if (o.cwd) flags.push("--cwd", o.cwd);
    for (const kv of o.env ?? []) flags.push("--env", kv);
    if (o.user) flags.push("--user", o.user);
    if (o.detach) flags.push("--detach");
    // a detached process would hold our pipes open: its stdio (and the runtime's) is discarded
    return this.attached(["exec", ...flags, id, ...argv], o.detach ? { discard: true } : { input: o.input, interactive: o.stdio === "inherit" });
  }

  // `kill ID SIGNAL` (name like SIGTERM or a number).
  async kill(id: string, signal: string | number = "SIGTERM"): Promise<void> {
    await this.call(["kill", id, String(signal)]);
  }

  // `delete [--force] ID`: remove a stopped container (force: kill it first).
  async delete(id: string, o: { force?: boolean } = {}): Promise<void> {
    await this.call(["delete", ...(o.force ? ["--force"] : []), id]);
  }

  // `state ID` parsed; undefined when the runtime does not know `id`.
  async state(id: string): Promise<OciState | undefined> {
    const r = await this.raw(["state", id]);
    if (r.exitCode !== 0) {
      if (/does not exist|not found|no such|cannot find/i.test(r.stderr)) return undefined;
      throw this.failure(["state", id], r.stderr);
    }
    return parseState(r.stdout, this.binary);
  }

  // `list --format json`: every container under the state root.
  async list(): Promise<OciState[]> {
    const out = await this.call(["list", "--format", "json"]);
    const parsed: unknown = JSON.parse(out.trim() || "[]");
    return (Array.isArray(parsed) ? parsed : []) as OciState[];
  }

  // The argv prefix every call starts with (used by the Ansible inventory and benchmarks too).
  baseArgs(): string[] {
    return ["--root", this.root];
  }

  private async call(args: string[]): Promise<string> {
    const r = await this.raw(args);
    if (r.exitCode !== 0) throw this.failure(args, r.stderr);
    return r.stdout;
  }

  private async raw(args: string[]): Promise<ProcessResult> {
    const r = await runProcess(this.binary, [...this.baseArgs(), ...args], { env: this.env });
    if (r.startError) throw this.failure(args, r.shortMessage ?? r.startError);
    return r;
  }

  // A verb whose process runs attached: stdio as `io` says (default: captured, no stdin).
  private async attached(args: string[], io: Pick<ProcessOptions, "input" | "interactive" | "discard">): Promise<ProcessResult> {
    const r = await runProcess(this.binary, [...this.baseArgs(), ...args], { env: this.env, ...io });
    if (r.startError) throw this.failure(args, `${r.stderr} (${r.shortMessage})`);
    return r;
  }

  private failure(args: string[], stderr: string): IsomerError {
    const verb = args[0];
    const id = args[args.length - 1];
    return new IsomerError("ISOMER_RUNTIME", `\`${this.binary} ${verb}\` failed for container \`${id}\`: ${stderr.trim() || "no message"}`, {
      hint: `run \`${this.binary} --root ${this.root} state ${id}\` to inspect it`,
    });
  }
}

// What a runtime wrote to `log` after byte `from` (its error message on a failed create).
function readTail(log: string, from: number): string {
  return readFileSync(log).subarray(from).toString("utf8").slice(-4000);
}

// Parse a runtime's `state` output into OciState, checking the fields the spec requires.
export function parseState(text: string, source = "runtime"): OciState {
  let s: Partial<OciState>;
  try { s = JSON.parse(text) as Partial<OciState>; } catch (e) {
    throw new IsomerError("ISOMER_RUNTIME", `\`${source} state\` printed no JSON: \`${text.slice(0, 200)}\``, { cause: e });
  }
  if (typeof s.id !== "string" || typeof s.status !== "string") {
    throw new IsomerError("ISOMER_RUNTIME", `Expected \`${source} state\` to print OCI state with \`id\` and \`status\`, got \`${text.slice(0, 200)}\``);
  }
  const state: OciState = { ociVersion: s.ociVersion ?? "", id: s.id, status: s.status, pid: s.pid ?? 0, bundle: s.bundle ?? "", annotations: s.annotations };
  if (typeof s.oomKills === "number") state.oomKills = s.oomKills;
  return state;
}
