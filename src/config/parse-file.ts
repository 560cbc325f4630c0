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

// PyYAML (which Molecule uses) reads YAML 1.1 booleans: `yes`/`no`/`on`/`off` (any case form).
// YAML 1.2 would read them as strings; `y`/`n` stay strings in both PyYAML and here.
const YAML11_BOOL = {
  tag: "tag:yaml.org,2002:bool",
  default: true,
  test: /^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$/,
  resolve: (text: string) => /^(?:yes|on)$/i.test(text),
};

const MESSAGES: Record<string, string> = {
  DUPLICATE_KEY: "duplicate key: a key may appear only once in a map (the later one would silently win)",
  TAB_AS_INDENT: "tab character in indentation: YAML indents with spaces only",
};

// 1-based line/column of every offset of `text`.
function positionsIn(text: string): (offset: number) => Position {
  const counter = new LineCounter();
  counter.addNewLine(0);
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) counter.addNewLine(i + 1);
  return (offset) => counter.linePos(offset);
}

// Parse `text` (already interpolated) read from `file`; `source` is the text before interpolation
// and `toSource` maps offsets back to it, so positions name the line and column the user wrote.
export function parseConfigText(file: string, text: string, source = text, toSource: (offset: number) => number = (o) => o): ParsedFile {
  const doc = parseDocument(text, { keepSourceTokens: true, uniqueKeys: true, prettyErrors: true, merge: true, customTags: [YAML11_BOOL] });
  const linePos = positionsIn(source);
  const at = (offset: number | undefined): Position | undefined => (offset === undefined ? undefined : linePos(toSource(offset)));
  const errors: Diagnostic[] = doc.errors.map((e) => {
    const pos = at(e.pos[0]);
    const detail = MESSAGES[e.code] ?? e.message.split(" at line ")[0]!.split("\n")[0]!;
    return { severity: "error", path: "", file, line: pos?.line, col: pos?.col, message: `YAML syntax error: ${detail}` };
  });
  const positions = new Map<string, Position>();
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
  let data: unknown;
  try {
    data = errors.length === 0 ? doc.toJS({ maxAliasCount: 1000 }) : undefined;
  } catch (e) {
    // the yaml library refuses some documents only when building the data (a `<<` merge of a
    // non-map, too many aliases): point at the first merge key, else at the document
    const merge = /(^|[\s{,[])<<\s*:/m.exec(source);
    const pos = merge ? linePos(merge.index + merge[1]!.length) : { line: 1, col: 1 };
    errors.push({ severity: "error", path: "", file, line: pos.line, col: pos.col, message: `YAML error: ${(e as Error).message}${merge ? " (`<<:` merges a map or an alias of one, e.g. `<<: *defaults`)" : ""}` });
    data = undefined;
  }
  return { file, data: data ?? {}, positions, errors };
}
