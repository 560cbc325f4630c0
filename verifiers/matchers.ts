// Custom vitest matchers for host modules: `await expect(host.package("nginx")).toBeInstalled()`.
// A failure names the instance, the check, what was found, and the commands that ran.
import { expect } from "vitest";
import { Host } from "./host.js";
import type { CommandResult } from "./backends/types.js";
import { File } from "./modules/file.js";
import { Package } from "./modules/package.js";
import { PipPackage } from "./modules/pip-package.js";
import { Service } from "./modules/service.js";
import { Socket } from "./modules/socket.js";

interface Subject { host: Host; describe(): string }
interface MatcherState { isNot: boolean }
type Outcome = { pass: boolean; message: () => string };

const isSubject = (v: unknown): v is Subject =>
  typeof v === "object" && v !== null && (v as Subject).host instanceof Host && typeof (v as Subject).describe === "function";

// Show the commands a check ran, with exit code and a little output.
export function formatTrail(results: CommandResult[]): string {
  return results
    .map((r) => {
      const out = `${r.stdout}${r.stderr}`.trim().split("\n").slice(0, 6).join("\n      ");
      return `  $ ${r.command}\n    exit ${r.exitCode}${out ? `: ${out}` : ""}`;
    })
    .join("\n");
}

// Run `evaluate` traced; on failure ask `found` what the instance has and build the message.
async function check(state: MatcherState, subject: unknown, expectation: string, types: Function[], evaluate: (s: any) => Promise<boolean>, found: (s: any) => Promise<string>): Promise<Outcome> {
  if (!isSubject(subject) || (types.length > 0 && !types.some((t) => subject instanceof t)))
    throw new TypeError(`\`${expectation}\` expects ${types.map((t) => t.name).join(" or ") || "a host module"}, got \`${String(subject)}\``);
  const { value: pass, results } = await Host.trace(() => evaluate(subject));
  const failed = pass === Boolean(state.isNot);
  const what = failed ? await found(subject).catch((e: Error) => `(could not tell: ${e.message})`) : "";
  return {
    pass,
    message: () =>
      `instance \`${subject.host.name}\`: expected ${subject.describe()} ${state.isNot ? "not " : ""}${expectation}\n` +
      `found: ${what}\n${formatTrail(results)}`,
  };
}

const yesNo = (yes: string, no: string) => async (s: { exists?: Promise<boolean> }) => ((await s.exists) ? yes : no);

// The matchers, for expect.extend (installed when this module is imported).
export const isomerMatchers = {
  async toBeInstalled(this: MatcherState, s: unknown) {
    return check(this, s, "to be installed", [Package, PipPackage], (p) => p.isInstalled, async (p: Package | PipPackage) => {
      if (p instanceof PipPackage) return (await p.version) ? `version \`${await p.version}\`` : "not installed";
      const q = await p.query();
      return q.installed ? `installed, version \`${q.version}\`` : `not installed (${q.raw || "no output"})`;
    });
  },
  async toBeRunning(this: MatcherState, s: unknown) {
    return check(this, s, "to be running", [Service], (x: Service) => x.isRunning, async (x: Service) => `${await x.initSystem} says:\n${(await x.status()).split("\n").slice(0, 12).join("\n")}`);
  },
  async toBeEnabled(this: MatcherState, s: unknown) {
    return check(this, s, "to be enabled", [Service], (x: Service) => x.isEnabled, async (x: Service) => `${(await x.isEnabled) ? "enabled" : "not enabled"} (${await x.initSystem}${(await x.isMasked) ? ", masked" : ""})`);
  },
  async toExist(this: MatcherState, s: unknown) {
    return check(this, s, "to exist", [], async (x: { exists?: Promise<boolean>; isInstalled?: Promise<boolean> }) => {
      if (x.exists === undefined) throw new TypeError("`toExist` needs a module with `exists` (file, user, group, interface, mountPoint, blockdevice)");
      return x.exists;
    }, yesNo("it exists", "it does not exist"));
  },
  async toBeFile(this: MatcherState, s: unknown) {
    return check(this, s, "to be a regular file", [File], (f: File) => f.isFile, async (f: File) => ((await f.exists) ? (await f.host.run("stat -c %F %s", f.path)).stdout.trim() : "it does not exist"));
  },
  async toBeDirectory(this: MatcherState, s: unknown) {
    return check(this, s, "to be a directory", [File], (f: File) => f.isDirectory, async (f: File) => ((await f.exists) ? (await f.host.run("stat -c %F %s", f.path)).stdout.trim() : "it does not exist"));
  },
  async toBeListening(this: MatcherState, s: unknown) {
    return check(this, s, "to be listening", [Socket], (x: Socket) => x.isListening, async (x: Socket) => {
      const all = await x.allListening();
      return all.length ? `listening sockets: ${all.join(", ")}` : "no listening sockets";
    });
  },
  async toHaveMode(this: MatcherState, s: unknown, mode: number) {
    return check(this, s, `to have mode \`${mode.toString(8).padStart(4, "0")}\``, [File], async (f: File) => (await f.mode) === mode, async (f: File) =>
      (await f.exists) ? `mode \`${(await f.mode).toString(8).padStart(4, "0")}\`` : "it does not exist");
  },
  // On a File: a line matches `text` (grep). On anything else: the usual toContain.
  toContain(this: MatcherState, s: unknown, item: unknown): Outcome | Promise<Outcome> {
    if (s instanceof File)
      return check(this, s, `to contain \`${String(item)}\``, [File], (f: File) => f.contains(String(item)), async (f: File) => {
        if (!(await f.exists)) return "it does not exist";
        const text = await f.contentString;
        return `content (${text.length} bytes):\n${text.slice(0, 800)}${text.length > 800 ? "\n..." : ""}`;
      });
    return builtinContain(this, s, item);
  },
};

// toContain for strings, arrays and other iterables (the built-in is replaced by the File-aware one).
function builtinContain(state: MatcherState, received: unknown, item: unknown): Outcome {
  let pass: boolean;
  if (typeof received === "string") pass = received.includes(String(item));
  else if (received !== null && typeof received === "object" && Symbol.iterator in received) pass = [...(received as Iterable<unknown>)].includes(item);
  else throw new TypeError(`toContain expects a string, an iterable or a host file, got \`${String(received)}\``);
  return { pass, message: () => `expected ${JSON.stringify(received)} ${state.isNot ? "not " : ""}to contain ${JSON.stringify(item)}` };
}

expect.extend(isomerMatchers);

// Typings for the matchers above (toContain keeps vitest's own signature).
export interface IsomerMatchers<R = unknown> {
  toBeInstalled(): Promise<R>;
  toBeRunning(): Promise<R>;
  toBeEnabled(): Promise<R>;
  toExist(): Promise<R>;
  toBeFile(): Promise<R>;
  toBeDirectory(): Promise<R>;
  toBeListening(): Promise<R>;
  toHaveMode(mode: number): Promise<R>;
}

declare module "vitest" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends IsomerMatchers<T> {}
}
