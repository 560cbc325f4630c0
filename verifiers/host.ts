// Host: testinfra's host object in TypeScript. Runs commands through a Backend with every argument
// quoted, and hands out the modules (file, package, service, ...) bound to itself.
import { AsyncLocalStorage } from "node:async_hooks";
import { formatCommand, shellQuote } from "./quote.js";
import type { Backend, CommandResult } from "./backends/types.js";
import { CommandFailedError } from "./errors.js";
import { moduleFactories } from "./modules/index.js";

const trail = new AsyncLocalStorage<CommandResult[]>();

type Factories = typeof moduleFactories;
type Modules = { [K in keyof Factories]: Factories[K] extends (host: Host, ...a: infer A) => infer R ? (...a: A) => R : never };

// Host options: instance name (for messages), and the user commands run as (via sudo).
export interface HostOptions {
  name?: string;
  user?: string;
}

// One instance: commands, quoting, sudo scoping, and the testinfra modules.
export class Host {
  readonly name: string;
  readonly sudoUser?: string;
  private readonly cache: Map<string, Promise<unknown>>;

  constructor(readonly backend: Backend, options: HostOptions = {}, cache?: Map<string, Promise<unknown>>) {
    this.name = options.name ?? backend.kind;
    this.sudoUser = options.user;
    this.cache = cache ?? new Map();
  }

  // Run `cmd` with each `%s` replaced by the next argument, quoted; never throws on exit codes.
  async run(cmd: string, ...args: Array<string | number>): Promise<CommandResult> {
    let command = formatCommand(cmd, args);
    if (this.sudoUser !== undefined) command = `sudo -n -H -u ${shellQuote(this.sudoUser)} -- /bin/sh -c ${shellQuote(command)}`;
    const result = await this.backend.run(command);
    trail.getStore()?.push(result);
    return result;
  }

  // Run and require the exit code to be one of `codes` (throws CommandFailedError otherwise).
  async runExpect(codes: number[], cmd: string, ...args: Array<string | number>): Promise<CommandResult> {
    const result = await this.run(cmd, ...args);
    if (!codes.includes(result.exitCode)) throw new CommandFailedError(this.name, result, codes);
    return result;
  }

  // Run a test command: exit 0 or 1 are answers, anything else is an error.
  runTest(cmd: string, ...args: Array<string | number>): Promise<CommandResult> {
    return this.runExpect([0, 1], cmd, ...args);
  }

  // Run, require exit 0, return stdout without its trailing newline.
  async checkOutput(cmd: string, ...args: Array<string | number>): Promise<string> {
    return (await this.runExpect([0], cmd, ...args)).stdout.replace(/\r?\n$/, "");
  }

  // True when `command` is found on the instance's PATH.
  async exists(command: string): Promise<boolean> {
    return (await this.run("command -v %s", command)).exitCode === 0;
  }

  // The first of `command` on PATH or in `extraPaths` (like testinfra's find_command).
  async findCommand(command: string, extraPaths = ["/sbin", "/usr/sbin"]): Promise<string | undefined> {
    const r = await this.run(`command -v %s || for d in ${extraPaths.map(shellQuote).join(" ")}; do test -x "$d"/%s && echo "$d"/%s && break; done`, command, command, command);
    return r.stdout.trim().split("\n")[0] || undefined;
  }

  // A Host whose commands run as `user` (sudo), sharing this one's backend and caches.
  sudo(user = "root"): Host {
    return new Host(this.backend, { name: this.name, user }, this.cache);
  }

  // Memoize a per-host fact (system info, package tool) for the host's life.
  memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let hit = this.cache.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = trail.exit(compute); // facts (OS, init system) stay out of failure messages
      hit.catch(() => this.cache.delete(key));
      this.cache.set(key, hit);
    }
    return hit;
  }

  // Run `fn` and return its value with every command result it caused (for failure messages).
  static async trace<T>(fn: () => Promise<T>): Promise<{ value: T; results: CommandResult[] }> {
    const results: CommandResult[] = [];
    const value = await trail.run(results, fn);
    return { value, results };
  }

  // Release the backend's connection (SSH).
  async close(): Promise<void> {
    await this.backend.close?.();
  }
}

// Attach module factories as methods: host.file(path), host.package(name), ...
for (const [name, factory] of Object.entries(moduleFactories)) {
  Object.defineProperty(Host.prototype, name, {
    value(this: Host, ...args: unknown[]) {
      return (factory as (h: Host, ...a: unknown[]) => unknown)(this, ...args);
    },
  });
}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Host extends Modules {}
