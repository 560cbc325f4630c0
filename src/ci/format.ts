// Printing the matrix: `json` (the plain list), `github` (one line `{"include":[...]}` for
// `fromJSON(needs.<job>.outputs.matrix)`) and `gitlab` (a child pipeline, one job per entry).
import { stringify } from "yaml";
import { gitlabChildPipeline } from "./gitlab.js";
import type { MatrixEntry } from "./matrix.js";

// The output formats of `isomer ci matrix`.
export const MATRIX_FORMATS = ["json", "github", "gitlab"] as const;
export type MatrixFormat = (typeof MATRIX_FORMATS)[number];

// The GitHub matrix object: the entries without fields GitHub does not use (`image`).
export function githubMatrix(entries: MatrixEntry[]): { include: Omit<MatrixEntry, "image">[] } {
  return { include: entries.map(({ image: _image, ...rest }) => rest) };
}

// `entries` printed in `format`, newline-terminated.
export function formatMatrix(entries: MatrixEntry[], format: MatrixFormat): string {
  if (format === "github") return JSON.stringify(githubMatrix(entries)) + "\n";
  if (format === "gitlab") return "---\n" + stringify(gitlabChildPipeline(entries), { lineWidth: 0, aliasDuplicateObjects: false });
  return JSON.stringify(entries, null, 2) + "\n";
}
