// Runs the built isomer CLI (dist/src/cli/main.js, `npm run build` first) in a role directory,
// with the scenario's state in a temporary ephemeral directory and test-prefixed container ids.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { execa } from "execa";
import { parse } from "yaml";
import { packageRoot } from "../../src/util/paths.js";

// The built CLI entry point.
export const CLI = join(packageRoot(), "dist", "src", "cli", "main.js");

// Why the e2e tests cannot run here, or undefined.
export function e2eSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return "needs root (containers, mounts, netns, iptables)";
  if (!existsSync(CLI)) return `the CLI is not built (${CLI}): run \`npm run build\``;
  return undefined;
}

// Environment of one isomer run: container prefix, ephemeral dir, runtime, host port.
export function cliEnv(prefix: string, ephemeralDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ISOMER_CONTAINER_PREFIX: prefix, MOLECULE_EPHEMERAL_DIRECTORY: ephemeralDir, ANSIBLE_FORCE_COLOR: "0", NO_COLOR: "1", ...extra };
}

// Starts `isomer ARGS` in `cwd` (output collected, never rejects). `detached`: in a process group
// of its own, so a test can signal it like a terminal does (Ctrl-C reaches the whole group).
// With ISOMER_E2E_LOG_DIR set, the output also goes there as it comes, each line stamped with the
// seconds since start (`<prefix>.log`, by ISOMER_CONTAINER_PREFIX): where a slow host's time went,
// even for a run that passed or was cut off.
export function isomer(cwd: string, args: string[], env: NodeJS.ProcessEnv, detached = false) {
  const child = execa("node", [CLI, ...args], { cwd, env, reject: false, all: true, stdin: "ignore", detached } as const);
  const logDir = process.env.ISOMER_E2E_LOG_DIR;
  if (logDir) logOutput(child.all, join(logDir, `${env.ISOMER_CONTAINER_PREFIX ?? "isomer"}.log`), `isomer ${args.join(" ")} (in ${cwd})`);
  return child;
}

// Appends `stream`'s lines to `file`, stamped with the seconds since this call.
function logOutput(stream: Readable | null | undefined, file: string, title: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const start = Date.now();
  const stamp = () => `[${((Date.now() - start) / 1000).toFixed(1).padStart(7)} s] `;
  appendFileSync(file, `${stamp()}== ${title}\n`);
  let rest = "";
  stream?.on("data", (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split("\n");
    rest = lines.pop() ?? "";
    if (lines.length) appendFileSync(file, lines.map((l) => stamp() + l + "\n").join(""));
  });
  stream?.on("end", () => appendFileSync(file, `${rest ? stamp() + rest + "\n" : ""}${stamp()}== end\n`));
}

// Resources state.yml still records (none after a good destroy).
export function recordedResources(ephemeralDir: string): unknown[] {
  const file = join(ephemeralDir, "state.yml");
  if (!existsSync(file)) return [];
  const state = parse(readFileSync(file, "utf8")) as { isomer?: { resources?: unknown[] } };
  return state?.isomer?.resources ?? [];
}

// Resolves when `child`'s combined output matches `pattern` (polls its collected output).
export async function waitForOutput(child: { all?: Readable | null; exitCode: number | null }, pattern: RegExp, seen: { text: string }): Promise<void> {
  child.all?.on("data", (chunk: Buffer) => (seen.text += chunk.toString()));
  while (!pattern.test(seen.text)) {
    if (child.exitCode !== null && child.exitCode !== undefined) throw new Error(`isomer exited before ${pattern}:\n${seen.text}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
