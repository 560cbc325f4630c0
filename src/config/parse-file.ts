// Parse one YAML config text into plain data plus the source position of every key path, so
// that a diagnostic about `platforms[0].image` can point at the file and line that set it.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { Diagnostic } from "./types.js";
import { childPath } from "./check-schema.js";

// A 1-based source position.
export interface Position {
  line: number;
  col: number;
}

// One parsed file: its data and key-path positions ("" is the document itself).
export interface ParsedFile {
  file: string;
  data: unknown;
  positions: Map<string, Position>;
  errors: Diagnostic[];
}

const MESSAGES: Record<string, string> = {
  DUPLICATE_KEY: "duplicate key: a key may appear only once in a map (the later one would silently win)",
  TAB_AS_INDENT: "tab character in indentation: YAML indents with spaces only",
};

// Parse `text` (already interpolated) read from `file`.
export function parseConfigText(file: string, text: string): ParsedFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: true, uniqueKeys: true, prettyErrors: true });
  const errors: Diagnostic[] = doc.errors.map((e) => {
    const pos = e.linePos?.[0];
    const detail = MESSAGES[e.code] ?? e.message.split(" at line ")[0]!.split("\n")[0]!;
    return { severity: "error", path: "", file, line: pos?.line, col: pos?.col, message: `YAML syntax error: ${detail}` };
  });
  const positions = new Map<string, Position>();
  const at = (offset: number | undefined): Position | undefined => {
    if (offset === undefined) return undefined;
    const p = lineCounter.linePos(offset);
    return { line: p.line, col: p.col };
  };
  const walk = (node: unknown, path: string): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const here = childPath(path, key);
        const pos = at((pair.key as Node | null)?.range?.[0]);
        if (pos) positions.set(here, pos);
        walk(pair.value, here);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const here = childPath(path, i);
        const pos = at((item as Node | null)?.range?.[0]);
        if (pos) positions.set(here, pos);
        walk(item, here);
      });
    }
  };
  positions.set("", { line: 1, col: 1 });
  if (errors.length === 0) walk(doc.contents, "");
  const data = errors.length === 0 ? doc.toJS({ maxAliasCount: 1000 }) : undefined;
  return { file, data: data ?? {}, positions, errors };
}
