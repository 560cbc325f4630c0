// Run a program and collect its output: child_process directly, because one check is one exec and
// the wrapper cost matters more here than execa's conveniences; the exit code follows isomer's one
// rule (src/util/process.ts: 128 + the signal's number when a signal ended it).
import { spawn } from "node:child_process";
import { exitCodeOf } from "../../src/util/process.js";
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
      const exitCode = exitCodeOf(code, signal);
      resolve({ command, exitCode, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}
