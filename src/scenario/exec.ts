// Running host tools for steps (lint commands, ansible-galaxy, shell dependency managers) with
// output streamed to the user, and finding tools on PATH.
import { execa } from "execa";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

// Result of a tool run (execa's fields we keep).
export interface ToolRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  shortMessage?: string;
}

// The absolute path of `name` on PATH, or undefined.
export function which(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

// Run argv in `cwd`; output goes to the terminal and is kept (for messages).
export async function runTool(argv: string[], options: { cwd: string; env: NodeJS.ProcessEnv; signal?: AbortSignal; quiet?: boolean }): Promise<ToolRun> {
  const [file, ...args] = argv;
  const result = await execa(file!, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    reject: false,
    cancelSignal: options.signal,
    stdin: "ignore",
    stdout: options.quiet ? "pipe" : ["pipe", "inherit"],
    stderr: options.quiet ? "pipe" : ["pipe", "inherit"],
    all: false,
  });
  return {
    exitCode: result.exitCode ?? (result.signal ? 128 + 2 : 1),
    stdout: String(result.stdout ?? ""),
    stderr: String(result.stderr ?? ""),
    shortMessage: result.failed ? result.shortMessage : undefined,
  };
}
