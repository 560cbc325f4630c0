// group(name): a group of the instance's group database.
import type { Host } from "../host.js";
import { UnsupportedError } from "../errors.js";

// A group on the instance.
export class Group {
  constructor(readonly host: Host, readonly name: string) {}
  // `group \`adm\``, for messages
  describe(): string { return `group \`${this.name}\``; }
  private async entry(): Promise<string[] | undefined> {
    const r = await this.host.run("getent group %s", this.name);
    return r.exitCode === 0 ? r.stdout.trim().split("\n")[0]!.split(":") : undefined;
  }
  // the group exists
  get exists(): Promise<boolean> { return this.entry().then((e) => e !== undefined); }
  // numeric group id
  get gid(): Promise<number> {
    return this.entry().then((e) => {
      if (!e) throw new UnsupportedError(this.host.name, `${this.describe()} does not exist`);
      return Number(e[2]);
    });
  }
  // supplementary members listed in the group database
  get members(): Promise<string[]> { return this.entry().then((e) => (e?.[3] ? e[3].split(",") : [])); }
}
