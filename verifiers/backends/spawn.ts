// Run a program and collect its output: child_process directly, because one check is one exec and
// the wrapper cost matters more here than execa's conveniences.
import { spawn } from "node:child_process";
import type { CommandResult } from "./types.js";

// Spawn `file` with `args`, feed `stdin`, resolve with exit code and decoded output (never rejects
// on a non-zero exit; rejects when the program cannot be started).
export function spawnCollect(file: string, args: string[], command: string, stdin?: string, env?: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: [stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"], env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on("data", (b: Buffer) => out.push(b));
    child.stderr!.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => reject(new Error(`cannot run \`${file}\`: ${e.message}`, { cause: e })));
    child.on("close", (code, signal) => {
      const exitCode = code ?? (signal ? 128 + (signalNumber(signal) ?? 0) : 255);
      resolve({ command, exitCode, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15 };
function signalNumber(name: string): number | undefined {
  return SIGNALS[name];
}
