// iptables rules tagged with `isomer:<bridge>`: added in one `iptables-restore --noflush` call
// (one process instead of one per rule) and removed by listing the tables and deleting exactly
// the rules that carry the bridge's tag. Works with either iptables backend (nft or legacy).
import { runTool } from "./run.js";
import { ruleTag } from "./names.js";

// One rule: its table, `-A`/`-I` + chain, and the match/target arguments (no spaces inside args).
export interface Rule {
  table: "nat" | "filter";
  op: "-A" | "-I";
  chain: string;
  args: string[];
}

// iptables-restore input: one `*table` ... `COMMIT` block per table, in first-seen order.
export function restoreInput(lines: Array<{ table: string; line: string }>): string {
  const tables = [...new Set(lines.map((entry) => entry.table))];
  return tables
    .map((table) => [`*${table}`, ...lines.filter((entry) => entry.table === table).map((entry) => entry.line), "COMMIT"].join("\n"))
    .join("\n") + "\n";
}

// `rules` as iptables-restore lines, each with the comment `tag` when one is given.
export function ruleLines(rules: Rule[], tag?: string): Array<{ table: string; line: string }> {
  const comment = tag ? ["-m", "comment", "--comment", tag] : [];
  return rules.map((rule) => ({ table: rule.table, line: [rule.op, rule.chain, ...rule.args, ...comment].join(" ") }));
}

// Adds `rules`, each tagged with the bridge's comment, atomically per table.
export async function addRules(bridge: string, rules: Rule[]): Promise<void> {
  if (rules.length === 0) return;
  await runTool("iptables-restore", ["-w", "--noflush"], restoreInput(ruleLines(rules, ruleTag(bridge))));
}

// The rules (as `-A CHAIN ...` lines) in `table` that carry the tag of `bridge`.
export async function listRules(bridge: string, table: "nat" | "filter"): Promise<string[]> {
  const tag = ruleTag(bridge);
  const { stdout } = await runTool("iptables", ["-w", "-t", table, "-S"]);
  return stdout.split("\n").filter((line) => {
    const words = line.split(" ");
    const at = words.indexOf("--comment");
    return at >= 0 && words[at + 1]?.replace(/^"|"$/g, "") === tag;
  });
}

// Removes every rule tagged for `bridge` whose text passes `filter` (default: all); none is fine.
export async function removeRules(bridge: string, filter: (line: string) => boolean = () => true): Promise<number> {
  const lines: Array<{ table: string; line: string }> = [];
  for (const table of ["nat", "filter"] as const)
    for (const line of await listRules(bridge, table)) if (filter(line)) lines.push({ table, line: line.replace(/^-A /, "-D ") });
  if (lines.length > 0) await runTool("iptables-restore", ["-w", "--noflush"], restoreInput(lines));
  return lines.length;
}
