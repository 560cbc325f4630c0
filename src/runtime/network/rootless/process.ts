// The processes of a rootless network (the holder, pasta) as isomer finds them again. Each one's
// command line names the network's directory in a fixed place (see batches.ts), from the moment it
// is spawned to its end, so destroy finds them by scanning the caller's own processes for that
// command line: it needs neither state nor a pid file, which makes it safe after a kill -9 of
// isomer at any point (even while pasta was starting). A recorded PID is trusted only when its
// start time is the recorded one and its command line still matches: a reused PID is never used.
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { processStartTime } from "../../../util/owner.js";
import type { ProcessRef } from "./plan.js";

// Tells whether a command line (argv) is the process we look for.
export type ArgvMatch = (argv: string[]) => boolean;

// The PID in a pid file, or undefined when there is none (yet).
export function readPidFile(path: string): number | undefined {
  try {
    const text = readFileSync(path, "utf8");
    return /^\d+\n?$/.test(text) ? Number(text.trim()) : undefined;
  } catch {
    return undefined;
  }
}

// A ProcessRef of a running `pid` with its start time, or undefined when it is gone.
export function processRef(pid: number): ProcessRef | undefined {
  const startTime = processStartTime(pid);
  return startTime === undefined ? undefined : { pid, startTime };
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.charAt(stat.lastIndexOf(")") + 2);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

function argvOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").slice(0, -1);
  } catch {
    return [];
  }
}

function realUid(pid: number): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("Uid:"));
    return line ? Number(line.split(/\s+/)[1]) : undefined;
  } catch {
    return undefined;
  }
}

// True when `ref` names a live process with the recorded start time whose argv matches.
export function isOurs(ref: ProcessRef | undefined, match: ArgvMatch): ref is ProcessRef {
  if (!ref || !Number.isInteger(ref.pid) || ref.pid <= 1 || !alive(ref.pid)) return false;
  if (ref.startTime !== undefined && processStartTime(ref.pid) !== ref.startTime) return false;
  return match(argvOf(ref.pid));
}

// The live processes of the calling user whose argv matches.
export function findOurs(match: ArgvMatch): number[] {
  const uid = process.getuid?.();
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    if (uid !== undefined && realUid(Number(name)) !== uid) continue;
    if (alive(Number(name)) && match(argvOf(Number(name)))) found.push(Number(name));
  }
  return found;
}

// Kills (SIGKILL) every process of the caller's whose argv matches, until none is left; returns
// how many it killed.
export async function killOurs(match: ArgvMatch): Promise<number> {
  let killed = 0;
  for (let pids = findOurs(match); pids.length > 0; pids = findOurs(match)) {
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
        killed++;
      } catch {
        // exited meanwhile
      }
    }
    await sleep(5);
  }
  return killed;
}
