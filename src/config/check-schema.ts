// Check a parsed Written config against ./schema.ts: unknown keys (with the nearest known key)
// and wrong types, as path-addressed diagnostics (locations are added by the loader).
import type { Schema } from "./schema.js";
import type { Diagnostic } from "./types.js";
import { didYouMean, nearest } from "./diagnostic.js";

// Child path: `a.b`, `a[0]`.
export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

// `value` as the user wrote it, for messages: `x` (string), `3` (integer), a map, a list.
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  const text = String(value);
  const shown = text.length > 60 ? text.slice(0, 57) + "..." : text;
  return `\`${shown}\` (${Number.isInteger(value) ? "integer" : typeof value})`;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function expected(schema: Schema): string {
  switch (schema.type) {
    case "string": return "a string";
    case "boolean": return "a boolean (`true` or `false`)";
    case "integer": return "an integer";
    case "number": return "a number";
    case "null": return "null";
    case "any": return "anything";
    case "enum": return `one of ${schema.values.map((v) => `\`${v}\``).join(", ")}`;
    case "list": return "a list";
    case "map": return "a map";
    case "oneOf": return schema.describe;
  }
}

function matches(schema: Schema, value: unknown): boolean {
  switch (schema.type) {
    case "string": return typeof value === "string";
    case "boolean": return typeof value === "boolean";
    case "integer": return Number.isInteger(value);
    case "number": return typeof value === "number";
    case "null": return value === null;
    case "any": return true;
    case "enum": return schema.values.includes(value as string | number);
    case "list": return Array.isArray(value);
    case "map": return isMap(value);
    case "oneOf": return schema.options.some((o) => matches(o, value));
  }
}

// Every schema problem of `value` at `path`.
export function checkSchema(schema: Schema, value: unknown, path = "", out: Diagnostic[] = []): Diagnostic[] {
  if (!matches(schema, value)) {
    out.push({ severity: "error", path, message: `Expected \`${path || "the file"}\` to be ${expected(schema)}, got ${describeValue(value)}` });
    return out;
  }
  if (schema.type === "oneOf") {
    const first = schema.options.find((o) => matches(o, value));
    if (first) checkSchema(first, value, path, out);
  } else if (schema.type === "list") {
    (value as unknown[]).forEach((item, i) => checkSchema(schema.items, item, childPath(path, i), out));
  } else if (schema.type === "map") {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const known = schema.keys?.[key];
      const at = childPath(path, key);
      if (known) checkSchema(known, child, at, out);
      else if (schema.values) checkSchema(schema.values, child, at, out);
      else if (schema.keys && schema.unknown !== "allow") unknownKey(schema, key, at, path, out);
    }
  }
  return out;
}

function unknownKey(schema: Schema & { type: "map" }, key: string, at: string, parent: string, out: Diagnostic[]): void {
  const known = Object.keys(schema.keys ?? {});
  const typo = nearest(key, known);
  const where = parent ? `in \`${parent}\`` : "at the top level";
  if (schema.unknown === "warn" && !typo) {
    out.push({ severity: "warning", path: at, message: `unknown key \`${key}\` ${where}: isomer ignores it (passed on to playbooks as is)` });
    return;
  }
  const allowed = known.length <= 16 ? `; allowed: ${known.map((k) => `\`${k}\``).join(", ")}` : "";
  out.push({ severity: "error", path: at, message: `unknown key \`${key}\` ${where}${didYouMean(key, known)}${typo ? "" : allowed}` });
}
