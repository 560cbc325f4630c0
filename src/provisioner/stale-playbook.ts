// A record of the running ansible-playbook's process group in the ephemeral directory, so that an
// isomer killed with SIGKILL (which can clean up nothing) does not leave Ansible running: the next
// isomer that takes the scenario's lock ends the recorded group before it does anything else.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const FILE = "playbook.pgid";

// The start time of `pid` (field 22 of /proc/PID/stat), which tells a reused PID from ours.
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

// Record the group led by `pid` as this scenario's running playbook; returns the function that
// forgets it once the playbook has ended.
export function recordPlaybookGroup(ephemeralDir: string, pid: number | undefined): () => void {
  if (pid === undefined) return () => {};
  const file = join(ephemeralDir, FILE);
  try {
    writeFileSync(file, `${pid} ${startTime(pid) ?? ""}\n`);
  } catch {
    return () => {}; // no ephemeral dir yet (syntax check before create): nothing to record
  }
  return () => rmSync(file, { force: true });
}

// End a playbook group recorded by an isomer process that died (call with the scenario's lock
// held, so no live isomer owns it). Returns the pgid it ended, if any.
export function endStalePlaybook(ephemeralDir: string): number | undefined {
  const file = join(ephemeralDir, FILE);
  let pid: number, recorded: string | undefined;
  try {
    const [p, t] = readFileSync(file, "utf8").trim().split(" ");
    pid = Number(p);
    recorded = t;
  } catch {
    return undefined;
  }
  rmSync(file, { force: true });
  if (!Number.isInteger(pid) || pid <= 1 || !recorded || startTime(pid) !== recorded) return undefined;
  try {
    process.kill(-pid, "SIGKILL");
    return pid;
  } catch {
    return undefined; // the group is gone already
  }
}
