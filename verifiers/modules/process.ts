// process.filter(attrs) / process.get(attrs): the instance's processes as `ps` lists them (read
// from /proc where ps is not installed).
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

// Without ps (minimal images): /proc status lines, command lines and the user/group databases.
export const PROC_COMMAND =
  "echo '# status'; grep -H -E '^(Name|PPid|Uid|Gid):' /proc/[0-9]*/status 2>/dev/null; echo '# cmdline'; " +
  "for d in /proc/[0-9]*; do printf '%%s ' \"${d#/proc/}\"; tr '\\0\\n' '  ' < \"$d/cmdline\" 2>/dev/null; echo; done; " +
  "echo '# passwd'; getent passwd; echo '# group'; getent group";

// Parse the output of PROC_COMMAND into the same records as parsePs.
export function parseProc(text: string): ProcessInfo[] {
  const byPid = new Map<number, Partial<ProcessInfo> & { uid?: string; gid?: string }>();
  const users = new Map<string, string>();
  const groups = new Map<string, string>();
  let section = "";
  for (const line of text.split("\n")) {
    const head = /^# (\w+)$/.exec(line);
    if (head) { section = head[1]!; continue; }
    if (section === "status") {
      const m = /^\/proc\/(\d+)\/status:(\w+):\s*(\S*)/.exec(line);
      if (!m) continue;
      const entry = byPid.get(Number(m[1])) ?? { pid: Number(m[1]) };
      if (m[2] === "Name") entry.comm = m[3];
      else if (m[2] === "PPid") entry.ppid = Number(m[3]);
      else if (m[2] === "Uid") entry.uid = m[3];
      else if (m[2] === "Gid") entry.gid = m[3];
      byPid.set(Number(m[1]), entry);
    } else if (section === "cmdline") {
      const m = /^(\d+) (.*)$/.exec(line);
      const entry = m && byPid.get(Number(m[1]));
      if (entry) entry.args = m[2]!.trimEnd();
    } else if (section === "passwd" || section === "group") {
      const [name, , id] = line.split(":");
      if (name && id) (section === "passwd" ? users : groups).set(id, name);
    }
  }
  return [...byPid.values()].filter((e) => e.comm !== undefined).map((e) => ({
    pid: e.pid!, ppid: e.ppid ?? 0, user: users.get(e.uid ?? "") ?? e.uid ?? "?", group: groups.get(e.gid ?? "") ?? e.gid ?? "?",
    comm: e.comm!, args: e.args || `[${e.comm}]`,
  }));
}

// The process table of the instance.
export class Processes {
  constructor(readonly host: Host) {}
  // `processes`, for messages
  describe(): string { return "processes"; }
  // every process
  async list(): Promise<ProcessInfo[]> {
    if (await this.host.memo("hasPs", () => this.host.exists("ps")))
      return parsePs(await this.host.checkOutput("ps -A -ww -o pid= -o ppid= -o euser= -o egroup= -o comm= -o args="));
    return parseProc((await this.host.runExpect([0, 1], PROC_COMMAND)).stdout);
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
