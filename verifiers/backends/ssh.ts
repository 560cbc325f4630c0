// The SSH backend (ssh2): one connection opened on first use and kept for every later check.
import { readFile } from "node:fs/promises";
import { Client, type ConnectConfig } from "ssh2";
import type { Backend, BackendRunOptions, CommandResult } from "./types.js";

// How to reach the host: address, user, and a key file or a password.
export interface SshTarget {
  host: string;
  port?: number;
  user?: string;
  password?: string;
  privateKeyFile?: string;
  privateKey?: string | Buffer;
  passphrase?: string;
}

// Runs each command over one shared SSH connection.
export class SshBackend implements Backend {
  readonly kind = "ssh";
  private client?: Promise<Client>;
  constructor(readonly target: SshTarget) {}

  private async connect(): Promise<Client> {
    const t = this.target;
    const config: ConnectConfig = { host: t.host, port: t.port ?? 22, username: t.user ?? "root", password: t.password, passphrase: t.passphrase };
    if (t.privateKey) config.privateKey = t.privateKey;
    else if (t.privateKeyFile) config.privateKey = await readFile(t.privateKeyFile);
    const client = new Client();
    return new Promise((resolve, reject) => {
      client.once("ready", () => resolve(client));
      client.once("error", (e) => reject(new Error(`ssh to \`${t.user ?? "root"}@${t.host}:${t.port ?? 22}\` failed: ${e.message}`, { cause: e })));
      client.connect(config);
    });
  }

  async run(command: string, opts: BackendRunOptions = {}): Promise<CommandResult> {
    this.client ??= this.connect();
    const client = await this.client.catch((e) => {
      this.client = undefined;
      throw e;
    });
    return new Promise((resolve, reject) => {
      client.exec(command, (err, stream) => {
        if (err) return reject(err);
        const out: Buffer[] = [];
        const errs: Buffer[] = [];
        let exitCode = 255;
        stream.on("data", (b: Buffer) => out.push(b));
        stream.stderr.on("data", (b: Buffer) => errs.push(b));
        stream.on("exit", (code: number | null, signal?: string) => (exitCode = code ?? (signal ? 128 : 255)));
        stream.on("close", () => resolve({ command, exitCode, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(errs).toString("utf8") }));
        if (opts.stdin !== undefined) stream.end(opts.stdin);
        else stream.end();
      });
    });
  }

  async close(): Promise<void> {
    const pending = this.client;
    this.client = undefined;
    if (pending) (await pending.catch(() => undefined))?.end();
  }
}
