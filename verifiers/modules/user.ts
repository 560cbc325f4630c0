// user(name): account fields from the passwd and shadow databases, and group membership.
import type { Host } from "../host.js";
import { UnsupportedError } from "../errors.js";

interface PasswdEntry { name: string; uid: number; gid: number; gecos: string; home: string; shell: string }

// An account on the instance (default: the user commands run as).
export class User {
  constructor(readonly host: Host, readonly name?: string) {}
  // `user \`www-data\``, for messages
  describe(): string { return `user \`${this.name ?? "(current)"}\``; }

  private async who(): Promise<string> {
    return this.name ?? (await this.host.checkOutput("id -nu"));
  }
  // the passwd entry, or undefined when the account does not exist
  async entry(): Promise<PasswdEntry | undefined> {
    const r = await this.host.run("getent passwd %s", await this.who());
    if (r.exitCode !== 0) return undefined;
    const [name = "", , uid = "", gid = "", gecos = "", home = "", shell = ""] = r.stdout.trim().split("\n")[0]!.split(":");
    return { name, uid: Number(uid), gid: Number(gid), gecos, home, shell };
  }
  private async field<K extends keyof PasswdEntry>(key: K): Promise<PasswdEntry[K]> {
    const e = await this.entry();
    if (!e) throw new UnsupportedError(this.host.name, `${this.describe()} does not exist (getent passwd found nothing)`);
    return e[key];
  }
  private async shadow(): Promise<string[]> {
    const r = await this.host.runExpect([0], "getent shadow %s", await this.who());
    return r.stdout.trim().split(":");
  }

  // the account exists
  get exists(): Promise<boolean> { return this.entry().then((e) => e !== undefined); }
  // numeric user id
  get uid(): Promise<number> { return this.field("uid"); }
  // primary group id
  get gid(): Promise<number> { return this.field("gid"); }
  // primary group name
  get group(): Promise<string> { return this.who().then((n) => this.host.checkOutput("id -gn -- %s", n)); }
  // every group name the user belongs to
  get groups(): Promise<string[]> { return this.who().then((n) => this.host.checkOutput("id -Gn -- %s", n)).then((s) => s.split(/\s+/).filter(Boolean)); }
  // home directory
  get home(): Promise<string> { return this.field("home"); }
  // login shell
  get shell(): Promise<string> { return this.field("shell"); }
  // GECOS (full name) field
  get gecos(): Promise<string> { return this.field("gecos"); }
  // password hash from the shadow database (needs root)
  get password(): Promise<string> { return this.shadow().then((f) => f[1] ?? ""); }
  // account expiration date, or null when it never expires (shadow field 8, days since 1970)
  get expiration(): Promise<Date | null> {
    return this.shadow().then((f) => (f[7] ? new Date(Number(f[7]) * 86_400_000) : null));
  }
}
