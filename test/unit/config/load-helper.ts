// Helper for config tests: a project in a temp dir, loaded with an isolated home and environment.
import { join } from "node:path";
import { tmpdir, type FileSpec } from "../../helpers/tmpdir.js";
import { validateScenarioConfig } from "../../../src/config/index.js";
import type { LoadOptions, ValidationResult } from "../../../src/config/index.js";

// Validate `molecule/default/molecule.yml` (and other files) of a fresh project.
export async function validateProject(
  files: Record<string, FileSpec>,
  options: Partial<LoadOptions> | ((dir: string) => Partial<LoadOptions>) = {},
): Promise<ValidationResult & { dir: string }> {
  const dir = tmpdir(files, "isomer-test-config-");
  const extra = typeof options === "function" ? options(dir) : options;
  const result = await validateScenarioConfig({
    projectDir: dir,
    homeDir: join(dir, "home"),
    env: { PATH: "/usr/bin:/bin", HOME: join(dir, "home") },
    ephemeralDir: join(dir, "ephemeral"),
    ...extra,
  });
  return { ...result, dir };
}

// Validate a project holding just this molecule.yml text.
export function validateYaml(text: string, options: Partial<LoadOptions> = {}) {
  return validateProject({ "molecule/default/molecule.yml": text }, options);
}

// The errors as `file-basename:line:col: path: message` strings.
export function messages(result: ValidationResult): string[] {
  return result.errors.map((d) => `${d.file?.split("/").pop()}:${d.line}:${d.col}: ${d.path ? d.path + ": " : ""}${d.message}`);
}
