// The summary table printed at the end of `test`: one row per action and instance.
import type { StepRecord } from "./reporter.js";

// Render `records` as an aligned plain-text table.
export function summaryTable(records: StepRecord[]): string {
  const rows: string[][] = [["SCENARIO", "ACTION", "INSTANCE", "RESULT", "SECONDS"]];
  for (const r of records) {
    const instances = r.instances.length ? r.instances : ["-"];
    for (const instance of instances) {
      rows.push([r.scenario, r.action, instance, r.status, r.seconds.toFixed(1)]);
    }
  }
  return formatTable(rows);
}

// The end-of-run recap (as Molecule 25.4+): per scenario and action that ran playbooks, the task
// results of their PLAY RECAPs summed over hosts; undefined when no action has one.
export function recapTable(records: StepRecord[]): string | undefined {
  const rows: string[][] = [["SCENARIO", "ACTION", "OK", "CHANGED", "FAILED", "SKIPPED"]];
  for (const r of records) {
    if (r.recap) rows.push([r.scenario, r.action, String(r.recap.ok), String(r.recap.changed), String(r.recap.failed), String(r.recap.skipped)]);
  }
  return rows.length > 1 ? formatTable(rows) : undefined;
}

// Align columns of `rows` (first row is the header) with two spaces between them.
export function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length)));
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  "))
    .join("\n");
}
