// process.filter(attrs) / process.get(attrs): the instance's processes as `ps` lists them.
import type { Host } from "../host.js";
import { UnsupportedError } from "../errors.js";

// One process: ids, effective user/group, command name and full command line.
export interface ProcessInfo { pid: number; ppid: number; user: string; group: string; comm: string; args: string }

// Parse `ps -A -ww -o pid=,ppid=,euser=,egroup=,comm=,args=` output (args last, may hold spaces).
export function parsePs(text: string): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const line of text.split("\n")) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.*)$/.exec(line);
    if (m) out.push({ pid: Number(m[1]), ppid: Number(m[2]), user: m[3]!, group: m[4]!, comm: m[5]!, args: m[6]!.trimEnd() });
  }
  return out;
}

// The process table of the instance.
export class Processes {
  constructor(readonly host: Host) {}
  // `processes`, for messages
  describe(): string { return "processes"; }
  // every process
  async list(): Promise<ProcessInfo[]> {
    return parsePs(await this.host.checkOutput("ps -A -ww -o pid= -o ppid= -o euser= -o egroup= -o comm= -o args="));
  }
  // processes whose attributes equal every given one, e.g. filter({ comm: "nginx", user: "root" })
  async filter(attrs: Partial<ProcessInfo> = {}): Promise<ProcessInfo[]> {
    const entries = Object.entries(attrs) as Array<[keyof ProcessInfo, unknown]>;
    return (await this.list()).filter((p) => entries.every(([k, v]) => p[k] === v));
  }
  // the one process matching `attrs` (throws when none or several match)
  async get(attrs: Partial<ProcessInfo>): Promise<ProcessInfo> {
    const found = await this.filter(attrs);
    if (found.length !== 1) throw new UnsupportedError(this.host.name, `expected exactly one process with ${JSON.stringify(attrs)}, found ${found.length}`);
    return found[0]!;
  }
}
