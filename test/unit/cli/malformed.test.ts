// Every malformed molecule.yml fixture (test/fixtures/config/malformed) gives exit code 2 through the CLI, with its own
// message (file path made absolute), and leaves no state behind.
import { describe, it, expect, vi } from "vitest";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { createProgram } from "../../../src/cli/program.js";
import { formatError, exitCodeOf } from "../../../src/cli/report-error.js";
import { tmpdir } from "../../helpers/tmpdir.js";

const fixtures = join(import.meta.dirname, "../../fixtures/config/malformed");
const kinds = existsSync(fixtures) ? readdirSync(fixtures).filter((k) => existsSync(join(fixtures, k, "molecule.yml"))) : [];

describe("isomer test on a malformed molecule.yml", () => {
  it("has at least 15 kinds of fixtures", () => {
    expect(kinds.length).toBeGreaterThanOrEqual(15);
  });

  it.each(kinds)("%s: exit 2 with its message and no state", async (kind) => {
    const home = tmpdir();
    const project = tmpdir({ "molecule/default/molecule.yml": readFileSync(join(fixtures, kind, "molecule.yml"), "utf8") });
    for (const key of Object.keys(process.env)) if (key.startsWith("MOLECULE_")) vi.stubEnv(key, undefined);
    vi.stubEnv("HOME", home);
    vi.stubEnv("XDG_CACHE_HOME", join(home, "cache"));
    const expected = readFileSync(join(fixtures, kind, "expected.txt"), "utf8").trim()
      .replace(/^molecule\.yml:/, `${join(project, "molecule/default/molecule.yml")}:`);
    let error: unknown;
    try {
      await createProgram({ projectDir: project, write: () => {} }).parseAsync(["node", "isomer", "test"]);
    } catch (e) {
      error = e;
    }
    vi.unstubAllEnvs();
    expect(exitCodeOf(error)).toBe(2);
    const text = formatError(error, false);
    expect(text).toContain(expected);
    expect(text).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(home, "cache"))).toBe(false); // no ephemeral dir, no state.yml
  });
});
