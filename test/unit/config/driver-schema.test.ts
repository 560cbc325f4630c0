// `driver:` is a closed section as in Molecule's schema (a misspelt key is an error with file:line
// and "did you mean"); `driver.options` is open by design (a driver plugin's own options): a
// near-typo of a known option is an error, any other key a warning.
import { describe, expect, it } from "vitest";
import { messages, validateYaml } from "./load-helper.js";

const platforms = "platforms:\n  - name: instance\n    image: debian:bookworm\n";

describe("driver section schema", () => {
  it("refuses a misspelt driver key with file:line and did you mean", async () => {
    const result = await validateYaml(`driver:\n  name: docker\n  safe_file:\n    - x\n${platforms}`);
    expect(messages(result)).toEqual([expect.stringMatching(/^molecule\.yml:3:3: driver\.safe_file: unknown key `safe_file` in `driver`.*`safe_files`/)]);
  });

  it("refuses an unknown driver key that is near no known one, listing the allowed keys", async () => {
    const result = await validateYaml(`driver:\n  name: docker\n  colour: blue\n${platforms}`);
    expect(messages(result)[0]).toMatch(/^molecule\.yml:3:3: driver\.colour: unknown key `colour` in `driver`; allowed: `name`, `provider`, `options`/);
  });

  it("driver.options: a near-typo is an error, another key a warning, the known ones pass", async () => {
    const typo = await validateYaml(`driver:\n  name: docker\n  options:\n    manged: false\n${platforms}`);
    expect(messages(typo)[0]).toMatch(/^molecule\.yml:4:5: driver\.options\.manged: unknown key `manged`.*`managed`/);
    const other = await validateYaml(`driver:\n  name: docker\n  options:\n    plugin_specific: 1\n    managed: true\n    package_cache: false\n${platforms}`);
    expect(other.errors).toEqual([]);
    expect(other.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([expect.stringMatching(/^driver\.options\.plugin_specific: unknown key `plugin_specific` in `driver\.options`/)]);
  });
});
