// What a playbook run did, from the PLAY RECAP that ansible-playbook prints last: per host
// `ok=N changed=N unreachable=N failed=N skipped=N rescued=N ignored=N`, summed over the hosts.
// A run whose stdout callback prints no recap (json, yaml of some collections) has none.

// Task results of one or more playbook runs (unreachable hosts count as failed).
export interface PlayRecap {
  ok: number;
  changed: number;
  failed: number;
  skipped: number;
}

const ANSI = /\x1b\[[0-9;]*m/g;
const ROW = /^\S.*?\s:\s+(?<fields>(?:[a-z]+=\d+\s*)+)$/;

// The recap in `stdout`, or undefined when there is none.
export function parseRecap(stdout: string): PlayRecap | undefined {
  const lines = stdout.replace(ANSI, "").split("\n");
  let recap: PlayRecap | undefined;
  let inRecap = false;
  for (const line of lines) {
    if (/^PLAY RECAP \*/.test(line)) {
      inRecap = true;
      continue;
    }
    if (!inRecap) continue;
    const row = ROW.exec(line.trimEnd());
    if (!row) {
      if (line.trim()) inRecap = false;
      continue;
    }
    const field = Object.fromEntries(row.groups!.fields!.trim().split(/\s+/).map((kv) => kv.split("=")).map(([k, v]) => [k, Number(v)]));
    recap = addRecaps(recap, { ok: field.ok ?? 0, changed: field.changed ?? 0, failed: (field.failed ?? 0) + (field.unreachable ?? 0), skipped: field.skipped ?? 0 });
  }
  return recap;
}

// The sum of two recaps (either may be missing).
export function addRecaps(a: PlayRecap | undefined, b: PlayRecap | undefined): PlayRecap | undefined {
  if (!a || !b) return a ?? b;
  return { ok: a.ok + b.ok, changed: a.changed + b.changed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped };
}
