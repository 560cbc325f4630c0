// Changed tasks of a playbook run, for the idempotence check: from the isomer_changes callback's
// JSON lines when present, else parsed from Ansible's default screen output as Molecule does.

// One task that reported a change on one host.
export interface ChangedTask {
  host: string;
  task: string;
}

// Parse the callback's JSON lines (one object per changed result), de-duplicated, in order.
export function parseChangeRecords(text: string): ChangedTask[] {
  const out: ChangedTask[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as { host?: unknown; task?: unknown };
      if (typeof r.host === "string" && typeof r.task === "string") out.push({ host: r.host, task: r.task });
    } catch {
      // a torn last line: ignore
    }
  }
  return unique(out);
}

// Parse default-callback output: `TASK [name]` / `RUNNING HANDLER [name]` then `changed: [host]` lines.
export function parseChangedFromOutput(stdout: string): ChangedTask[] {
  const out: ChangedTask[] = [];
  let task = "";
  for (const raw of stdout.split("\n")) {
    // eslint-disable-next-line no-control-regex
    const line = raw.replace(/\x1b\[[0-9;]*m/g, "");
    const heading = /^(?:TASK|RUNNING HANDLER) \[(.*)\]/.exec(line);
    if (heading) task = heading[1]!;
    const changed = /^changed: \[([^\]]+)\]/.exec(line);
    if (changed) out.push({ host: changed[1]!.split(" -> ")[0]!, task });
  }
  return unique(out);
}

function unique(list: ChangedTask[]): ChangedTask[] {
  const seen = new Set<string>();
  return list.filter((c) => {
    const key = `${c.host}\u0000${c.task}`;
    return !seen.has(key) && !!seen.add(key);
  });
}

// The changed tasks of a run: `changes` (callback JSON lines) wins when given, else the output.
export function changedTasks(result: { stdout: string; changes?: string }): ChangedTask[] {
  return result.changes !== undefined ? parseChangeRecords(result.changes) : parseChangedFromOutput(result.stdout);
}
