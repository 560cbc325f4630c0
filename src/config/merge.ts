// Deep merge of config layers as Molecule's util.merge_dicts (Ansible's combine(recursive=True)):
// maps merge key by key, anything else (lists included) is replaced by the later layer. Key
// positions follow the values, so a diagnostic points at the layer that set the value.
import type { Position } from "./parse-file.js";

// Where a merged key path was set.
export interface SourcePosition extends Position {
  file: string;
}

// One layer of the merge (defaults have no file and no positions).
export interface Layer {
  file?: string;
  data: Record<string, unknown>;
  positions?: Map<string, Position>;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// `b` merged into `a` (new objects; inputs untouched).
export function mergeDeep(a: unknown, b: unknown): unknown {
  if (!isMap(a) || !isMap(b)) return b === undefined ? a : b;
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in a ? mergeDeep(a[k], v) : v;
  return out;
}

function valueAt(data: unknown, path: string): unknown {
  let cur = data;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

// Merge every layer in order; returns the data and, per key path, the file/line/col that set it.
export function mergeLayers(layers: Layer[]): { data: Record<string, unknown>; positions: Map<string, SourcePosition> } {
  let data: Record<string, unknown> = {};
  const positions = new Map<string, SourcePosition>();
  for (const layer of layers) {
    data = mergeDeep(data, layer.data) as Record<string, unknown>;
    if (!layer.file || !layer.positions) continue;
    const entries = [...layer.positions.entries()].sort((x, y) => x[0].length - y[0].length);
    for (const [path, pos] of entries) {
      if (path !== "" && !isMap(valueAt(layer.data, path))) {
        for (const old of positions.keys()) {
          if (old.startsWith(path + ".") || old.startsWith(path + "[")) positions.delete(old);
        }
      }
      positions.set(path, { file: layer.file, ...pos });
    }
  }
  return { data, positions };
}

// The position of `path`, or of its nearest ancestor that has one.
export function positionOf(positions: Map<string, SourcePosition>, path: string): SourcePosition | undefined {
  let p = path;
  for (;;) {
    const hit = positions.get(p);
    if (hit) return hit;
    if (p === "") return undefined;
    const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
    p = cut < 0 ? "" : p.slice(0, cut);
  }
}
