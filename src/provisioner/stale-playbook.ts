// A record of the running ansible-playbook's process group in the ephemeral directory, so that an
// isomer killed with SIGKILL (which can clean up nothing) does not leave Ansible running: the next
// isomer that takes the scenario's lock ends the recorded group before it does anything else. The
// record is the group leader's owner record (src/util/owner.ts), which tells a reused PID from ours.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ownerAlive, ownerRecord, parseOwner } from "../util/owner.js";

const FILE = "playbook.pgid";

// Record the group led by `pid` as this scenario's running playbook; returns the function that
// forgets it once the playbook has ended.
export function recordPlaybookGroup(ephemeralDir: string, pid: number | undefined): () => void {
  if (pid === undefined) return () => {};
  const file = join(ephemeralDir, FILE);
  try {
    writeFileSync(file, `${ownerRecord(pid)}\n`);
  } catch {
    return () => {}; // no ephemeral dir yet (syntax check before create): nothing to record
  }
  return () => rmSync(file, { force: true });
}

// End a playbook group recorded by an isomer process that died (call with the scenario's lock
// held, so no live isomer owns it). Returns the pgid it ended, if any.
export function endStalePlaybook(ephemeralDir: string): number | undefined {
  const file = join(ephemeralDir, FILE);
  let record: string;
  try {
    record = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  rmSync(file, { force: true });
  const { pid, start } = parseOwner(record);
  if (pid <= 1 || start === undefined || !ownerAlive(record)) return undefined; // never a group we cannot tell apart
  try {
    process.kill(-pid, "SIGKILL");
    return pid;
  } catch {
    return undefined; // the group is gone already
  }
}
