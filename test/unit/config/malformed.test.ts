// Every fixture under test/fixtures/config/malformed/<kind>/ is a molecule.yml with one kind of
// mistake; expected.txt holds the one error it must produce, as `molecule.yml:line:col: path: message`
// with the file at molecule/default/molecule.yml of a fresh project (the CLI tests use them too).
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { messages, validateProject } from "./load-helper.js";

const root = fileURLToPath(new URL("../../fixtures/config/malformed/", import.meta.url));
const kinds = readdirSync(root).filter((k) => existsSync(join(root, k, "molecule.yml")));

describe("malformed molecule.yml fixtures", () => {
  it("has at least 15 kinds of mistakes, each with its own message", () => {
    expect(kinds.length).toBeGreaterThanOrEqual(15);
    const expected = kinds.map((k) => readFileSync(join(root, k, "expected.txt"), "utf8").trim());
    expect(new Set(expected).size).toBe(kinds.length);
  });

  it.each(kinds)("%s gets exactly its expected error", async (kind) => {
    const text = readFileSync(join(root, kind, "molecule.yml"), "utf8");
    const result = await validateProject({ "molecule/default/molecule.yml": text });
    if (process.env.ISOMER_PRINT_FIXTURES) console.log(kind, JSON.stringify(messages(result)));
    expect(result.config).toBeUndefined();
    expect(messages(result)).toEqual([readFileSync(join(root, kind, "expected.txt"), "utf8").trim()]);
  });
});
