// Test helper: a temporary directory filled from an object of relative paths -> file contents,
// removed after the current test (STYLE 20, like changesets' testdir).
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, chmodSync } from "node:fs";
import { tmpdir as osTmpdir } from "node:os";
import { join, dirname } from "node:path";
import { onTestFinished } from "vitest";

// A file's contents, or `{ content, mode }` for an executable fixture.
export type FileSpec = string | { content: string; mode: number };

// Write `files` under `dir` (parents created).
export function writeFiles(dir: string, files: Record<string, FileSpec>): void {
  for (const [rel, spec] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    const content = typeof spec === "string" ? spec : spec.content;
    writeFileSync(path, content);
    if (typeof spec !== "string") chmodSync(path, spec.mode);
  }
}

// A fresh directory holding `files`; deleted when the test finishes (keep: ISOMER_KEEP_TMP=1).
export function tmpdir(files: Record<string, FileSpec> = {}, prefix = "isomer-test-engine-"): string {
  const dir = mkdtempSync(join(osTmpdir(), prefix));
  writeFiles(dir, files);
  try {
    onTestFinished(() => {
      if (!process.env.ISOMER_KEEP_TMP) rmSync(dir, { recursive: true, force: true });
    });
  } catch {
    // called outside a test (e.g. beforeAll): the caller removes it
  }
  return dir;
}
