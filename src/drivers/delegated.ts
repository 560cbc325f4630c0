// The delegated driver (Molecule's `default`, formerly `delegated`): the user's create.yml and
// destroy.yml make and remove the instances and write the instance config file
// (instance_config.yml: a list of {instance, address, user, port, identity_file, connection, ...})
// that tells the inventory how to connect. With `options.managed: false` instances exist already
// and `options.ansible_connection_options` gives the connection vars.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { runProcess } from "../util/process.js";
import type { Driver, DriverContext, InstanceStatus } from "./driver.js";
import { IsomerError } from "../errors.js";

// One entry of instance_config.yml.
export interface DelegatedInstance {
  instance: string;
  address?: string;
  user?: string;
  port?: number | string;
  identity_file?: string;
  connection?: string;
  password?: string;
  become_method?: string;
  become_pass?: string;
  [key: string]: unknown;
}

// The instance config file of a scenario (Molecule's MOLECULE_INSTANCE_CONFIG).
export function instanceConfigFile(ctx: DriverContext): string {
  return ctx.env.MOLECULE_INSTANCE_CONFIG ?? join(ctx.ephemeralDir, "instance_config.yml");
}

// Entries of the instance config file (none when it does not exist).
export function readInstanceConfig(ctx: DriverContext): DelegatedInstance[] {
  const file = instanceConfigFile(ctx);
  if (!existsSync(file)) return [];
  const doc = parse(readFileSync(file, "utf8")) as unknown;
  return Array.isArray(doc) ? (doc as DelegatedInstance[]) : [];
}

function managed(ctx: DriverContext): boolean {
  return ctx.config.driver.options?.managed !== false && ctx.config.driver.managed !== false;
}

// Molecule's delegated `ansible_connection_options` for one instance.
export function connectionVars(entry: DelegatedInstance | undefined, sshOptions: string[] = []): Record<string, unknown> {
  if (!entry) return {};
  const vars: Record<string, unknown> = {
    ansible_user: entry.user,
    ansible_host: entry.address,
    ansible_port: entry.port,
    ansible_connection: entry.connection,
    ansible_password: entry.password,
    ansible_become_method: entry.become_method,
    ansible_become_pass: entry.become_pass,
  };
  if (entry.identity_file) {
    vars.ansible_private_key_file = entry.identity_file;
    if (sshOptions.length) vars.ansible_ssh_common_args = sshOptions.join(" ");
  }
  return Object.fromEntries(Object.entries(vars).filter(([, v]) => v !== undefined && v !== null));
}

async function runOwnPlaybook(ctx: DriverContext, action: "create" | "destroy"): Promise<void> {
  if (!managed(ctx)) return ctx.logger.info(`skipping ${action}: instances are managed by hand (driver.options.managed: false)`);
  const { skipped } = await ctx.runPlaybook(action);
  if (skipped) ctx.logger.info(`${action} ${skipped}`); // "destroy skipped: no destroy playbook (...)"
}

// A delegated driver registered under `name` (`default` or `delegated`).
export function delegatedDriver(name: string): Driver {
  return {
    name,
    create: (ctx) => runOwnPlaybook(ctx, "create"),
    destroy: (ctx) => runOwnPlaybook(ctx, "destroy"),
    async status(ctx): Promise<InstanceStatus[]> {
      const known = new Set(readInstanceConfig(ctx).map((e) => e.instance));
      return ctx.config.platforms.map((p) => {
        const created = managed(ctx) ? known.has(p.name) : true;
        return { name: p.name, created, state: managed(ctx) ? (created ? "created" : "not created") : "managed by hand" };
      });
    },
    async connectionOptions(ctx, instance) {
      if (!managed(ctx)) {
        const opts = ctx.config.driver.options?.ansible_connection_options;
        return opts && typeof opts === "object" ? { ...(opts as Record<string, unknown>) } : {};
      }
      const sshOptions = (ctx.config.driver.ssh_connection_options as string[] | undefined) ?? (ctx.config.driver.sshConnectionOptions as string[] | undefined) ?? [];
      return connectionVars(readInstanceConfig(ctx).find((e) => e.instance === instance), sshOptions);
    },
    async login(ctx, instance) {
      const vars = await this.connectionOptions(ctx, instance);
      const argv = loginArgv(vars, ctx.env);
      await runProcess(argv[0]!, argv.slice(1), { interactive: true, cwd: vars.ansible_connection === "local" ? ctx.scenario.projectDirectory : undefined });
    },
  };
}

// The command `isomer login` runs for a delegated instance: a local shell or ssh.
export function loginArgv(vars: Record<string, unknown>, env: NodeJS.ProcessEnv): string[] {
  if (vars.ansible_connection === "local") return [env.SHELL || "/bin/sh"];
  if (!vars.ansible_host) {
    throw new IsomerError("ISOMER_LOGIN", "The instance has no address to log in to", {
      hint: "Make create.yml write `address` (and `user`, `port`, `identity_file`) into the instance config file.",
    });
  }
  const argv = ["ssh"];
  if (vars.ansible_port) argv.push("-p", String(vars.ansible_port));
  if (vars.ansible_private_key_file) argv.push("-i", String(vars.ansible_private_key_file));
  argv.push(vars.ansible_user ? `${String(vars.ansible_user)}@${String(vars.ansible_host)}` : String(vars.ansible_host));
  return argv;
}
