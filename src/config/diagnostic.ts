// Diagnostics: build and format `file:line:col: path: message` lines.
import type { Diagnostic } from "./types.js";

// One line for the user: `file:line:col: path: message` (parts that are unknown are left out).
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? [d.file, d.line, d.col].filter((x) => x !== undefined).join(":") + ": " : "";
  const path = d.path ? `${d.path}: ` : "";
  return `${where}${path}${d.message}`;
}

// Levenshtein distance, for "did you mean" suggestions.
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

// The known name closest to `word` when it is close enough to be a typo, else undefined.
export function nearest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(word.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  const limit = Math.max(1, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}

// ` (did you mean `x`?)` or "".
export function didYouMean(word: string, known: readonly string[]): string {
  const n = nearest(word, known);
  return n ? ` (did you mean \`${n}\`?)` : "";
}
