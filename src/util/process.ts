// Running a host program: execa with an argv array (never a shell string), one result type for
// every caller, and one rule for the exit code of a process that did not exit by itself: 128 + the
// signal's number when a signal ended it (as shells and the runtime's `exec` report it), 127 when
// the program does not exist and 126 when it may not be executed (as shells say).
import { constants } from "node:os";
import { execa, type Options, type Result } from "execa";
import { linePrefix, prefixedLines } from "./line-output.js";

// A finished process (execa's fields we keep).
export interface ProcessResult {
  command: string[]; // [file, ...args]
  exitCode: number; // its own, else by the rule above
  signal?: NodeJS.Signals; // the signal that ended it, if one did
  stdout: string;
  stderr: string;
  failed: boolean; // exitCode is not 0 (or it could not start)
  shortMessage?: string; // execa's one-line reason, when it failed
  startError?: string; // the errno name when the program could not start at all (ENOENT, EACCES)
}

// How to run it.
export interface ProcessOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv; // added to this process's environment, unless extendEnv is false
  extendEnv?: boolean; // default true; false: `env` is the whole environment
  input?: string | Uint8Array; // written to its stdin, then closed (default: no stdin)
  echo?: boolean; // also stream its stdout/stderr to ours while capturing them (lines prefixed under withLinePrefix)
  interactive?: boolean; // inherit our terminal (stdin, stdout, stderr); nothing is captured
  discard?: boolean; // no stdin, stdout and stderr discarded; nothing is captured
  outputFd?: number; // stdout and stderr are this open file descriptor itself (no pipe: what the process
  // leaves running keeps the file, not a pipe of ours); nothing is captured
  signal?: AbortSignal; // abort: SIGTERM to the process
  detached?: boolean; // leader of its own process group (see provisioner/process-group.ts)
  maxBuffer?: number; // bytes kept per stream (execa's default: 100 MB)
}

// The exit code of a process that ended with `code`, or was killed by `signal`, or failed to
// start with the errno name `errno` (ENOENT, EACCES).
export function exitCodeOf(code: number | null | undefined, signal?: string | null, errno?: string): number {
  if (typeof code === "number") return code;
  if (signal) return signalExitCode(signal);
  if (errno === "ENOENT") return 127;
  if (errno === "EACCES") return 126;
  return 1;
}

// 128 + the number of `signal` (SIGINT 130, SIGTERM 143); 1 for a name this host does not know.
export function signalExitCode(signal: string): number {
  const number = constants.signals[signal as NodeJS.Signals];
  return number ? 128 + number : 1;
}

// Where an echoed stream goes besides being captured: ours as is, or our lines prefixed when the
// process belongs to a scenario running beside others (util/line-output.ts).
function echoTo(target: NodeJS.WriteStream) {
  const prefix = linePrefix();
  return prefix === undefined ? (["pipe", "inherit"] as const) : (["pipe", prefixedLines(prefix, target)] as const);
}

function execaOptions(o: ProcessOptions): Options {
  const io: Options = o.interactive
    ? { stdio: "inherit" }
    : o.discard
    ? { stdio: "ignore" }
    : o.outputFd !== undefined
    ? ({ stdin: "ignore", stdout: o.outputFd, stderr: o.outputFd } as Options) // execa hands any fd to spawn; its types list 3..9 only
    : {
        stdin: o.input === undefined ? "ignore" : "pipe",
        stdout: o.echo ? echoTo(process.stdout) : "pipe",
        stderr: o.echo ? echoTo(process.stderr) : "pipe",
        ...(o.input === undefined ? {} : { input: o.input }),
      };
  return {
    ...io,
    cwd: o.cwd,
    env: o.env,
    extendEnv: o.extendEnv ?? true,
    cancelSignal: o.signal,
    detached: o.detached ?? false,
    maxBuffer: o.maxBuffer,
    reject: false,
    stripFinalNewline: false,
  };
}

function toResult(command: string[], r: Result): ProcessResult {
  const errno = (r as { code?: string }).code;
  const exitCode = exitCodeOf(r.exitCode, r.signal, errno);
  return {
    command,
    exitCode,
    ...(r.signal ? { signal: r.signal } : {}),
    stdout: typeof r.stdout === "string" ? r.stdout : "",
    stderr: typeof r.stderr === "string" ? r.stderr : "",
    failed: r.failed || exitCode !== 0,
    ...(r.failed ? { shortMessage: r.shortMessage } : {}),
    ...(r.failed && r.exitCode === undefined && !r.signal && errno ? { startError: errno } : {}),
  };
}

// A started process: its pid (undefined when it could not start) and its result to come.
export interface StartedProcess {
  pid?: number;
  result: Promise<ProcessResult>;
}

// Start `file args...`; the result never rejects (a failure is in exitCode / shortMessage).
export function startProcess(file: string, args: string[], options: ProcessOptions = {}): StartedProcess {
  const child = execa(file, args, execaOptions(options));
  return { pid: child.pid, result: child.then((r) => toResult([file, ...args], r as Result)) };
}

// Run `file args...` to its end.
export function runProcess(file: string, args: string[], options: ProcessOptions = {}): Promise<ProcessResult> {
  return startProcess(file, args, options).result;
}
