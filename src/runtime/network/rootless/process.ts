// The processes of a rootless network (the holder, pasta) as isomer finds them again: by the PID
// state recorded (or, after a kill -9 before state had it, the pid file the process wrote itself),
// and only killed when it is provably the same process: its start time is the recorded one and its
// command line carries the network's marker. A PID reused by anything else is never signalled.
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { processStartTime } from "../../../images/store/lock.js";
import type { ProcessRef } from "./plan.js";

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

function stateOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  } catch {
    return undefined;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}

// True when `ref` names a live (not zombie) process whose start time matches (when recorded) and
// whose command line contains `marker`.
export function isOurs(ref: ProcessRef | undefined, marker: string): ref is ProcessRef {
  if (!ref || !Number.isInteger(ref.pid) || ref.pid <= 1) return false;
  const state = stateOf(ref.pid);
  if (state === undefined || state === "Z" || state === "X") return false;
  if (ref.startTime !== undefined && processStartTime(ref.pid) !== ref.startTime) return false;
  return commandLine(ref.pid).includes(marker);
}

// Kills `ref` (SIGKILL) when it is ours and waits until it is gone; false when it was not ours.
export async function killOurs(ref: ProcessRef | undefined, marker: string): Promise<boolean> {
  if (!isOurs(ref, marker)) return false;
  try {
    process.kill(ref.pid, "SIGKILL");
  } catch {
    return false; // exited between the check and the kill
  }
  while (isOurs(ref, marker)) await sleep(5);
  return true;
}
