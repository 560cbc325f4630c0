// "Is the process that wrote this record still alive?" A pid alone cannot say: the kernel reuses
// pids, so an owner is recorded as `<pid> <start time>` (field 22 of /proc/PID/stat, in clock
// ticks since boot) and is alive only while a process with that pid and that start time exists.
// Lock files (scenario, image store), store leases and the playbook group record use it.
import { readFileSync } from "node:fs";

// The start time of `pid`, or undefined when no such process exists.
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

// The owner record of `pid` (default: this process): `<pid> <start time>`, or `<pid>` when the
// process does not exist.
export function ownerRecord(pid: number = process.pid): string {
  const start = processStartTime(pid);
  return start === undefined ? String(pid) : `${pid} ${start}`;
}

// The pid and start time of an owner record (NaN pid when it is not one).
export function parseOwner(record: string): { pid: number; start?: string } {
  const [pidText = "", start] = record.trim().split(/\s+/);
  const pid = /^\d+$/.test(pidText) ? Number(pidText) : NaN;
  return start === undefined || start === "0" ? { pid } : { pid, start };
}

// True while the owner of `record` runs: its pid exists with the recorded start time (a record
// without a start time, as older isomer versions wrote, trusts the pid alone).
export function ownerAlive(record: string): boolean {
  const { pid, start } = parseOwner(record);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const now = processStartTime(pid);
  return now !== undefined && (start === undefined || now === start);
}
