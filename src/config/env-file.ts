// The env file (`--env-file`, default `.env.yml` in the project): a YAML map merged into the
// environment used for interpolation and exported to actions, as Molecule's set_env_from_file.
import { existsSync, readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import type { Diagnostic } from "./types.js";

// Variables of `file` as strings; a missing optional file gives {}; problems go to `errors`.
export function readEnvFile(file: string, required: boolean, errors: Diagnostic[]): Record<string, string> {
  if (!existsSync(file)) {
    if (required) errors.push({ severity: "error", path: "", file, message: `env file \`${file}\` does not exist (given with --env-file)` });
    return {};
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    errors.push({ severity: "error", path: "", file, message: `cannot read env file \`${file}\`: ${(e as Error).message}` });
    return {};
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    errors.push({ severity: "error", path: "", file, line: e.linePos?.[0].line, col: e.linePos?.[0].col, message: `YAML syntax error: ${e.message.split(" at line ")[0]}` });
    return {};
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data)) {
    errors.push({ severity: "error", path: "", file, line: 1, col: 1, message: "Expected the env file to be a map of `NAME: value`" });
    return {};
  }
  return Object.fromEntries(Object.entries(data as Record<string, unknown>).map(([k, v]) => [k, v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v)]));
}
