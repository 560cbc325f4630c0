// The verify step hands testinfra to runVerifier (verifiers/runner) with the generated inventory:
// a passing and a failing check against the delegated local target, results in the JUnit sink.
import { describe, it, expect, vi, afterEach } from "vitest";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sequenceCommand } from "../../../src/commands/sequence.js";
import { ConsoleReporter } from "../../../src/reporter/console.js";
import { which } from "../../../src/util/which.js";
import { delegatedProject } from "../../helpers/engine-scenario.js";

const ready = which("ansible-playbook") !== undefined && existsSync("/usr/lib/python3/dist-packages/testinfra");

function testinfraProject(expected: string) {
  return delegatedProject({
    "molecule/default/tests/test_default.py": [
      "import os",
      "",
      "def test_managed_file(host):",
      "    f = host.file(os.environ['ENGINE_TARGET'] + '/managed.txt')",
      `    assert f.content_string == ${JSON.stringify(expected)}`,
      "",
    ].join("\n"),
  });
}

describe.skipIf(!ready)("verify with testinfra through runVerifier", () => {
  afterEach(() => vi.unstubAllEnvs());

  for (const [title, expected, ok] of [["passes", "converged by target-one\n", true], ["fails", "something else\n", false]] as const) {
    it(`${title} and records the case for JUnit`, async () => {
      const { project, target, home } = testinfraProject(expected);
      vi.stubEnv("XDG_CACHE_HOME", join(home, "cache"));
      vi.stubEnv("MOLECULE_EPHEMERAL_DIRECTORY", undefined);
      const molecule = `driver:\n  name: default\nplatforms:\n  - name: target-one\nprovisioner:\n  name: ansible\n  inventory:\n    group_vars:\n      all:\n        engine_target: ${target}\nverifier:\n  name: testinfra\n  env:\n    ENGINE_TARGET: ${target}\n`;
      writeFileSync(join(project, "molecule/default/molecule.yml"), molecule);
      const reporter = new ConsoleReporter({ color: false, write: () => {} });
      await sequenceCommand("converge", { projectDir: project, reporter });
      const result = await sequenceCommand("verify", { projectDir: project, reporter }).then(() => undefined, (e: Error) => e);
      await sequenceCommand("destroy", { projectDir: project, reporter });
      if (ok) expect(result).toBeUndefined();
      else expect(result?.message).toBe("Verifier `testinfra` failed on `target-one`");
      const cases = reporter.cases();
      expect(cases).toHaveLength(1);
      expect(cases[0]).toMatchObject({ suite: "verify:default:target-one", testCase: { instance: "target-one", status: ok ? "passed" : "failed" } });
      expect(existsSync(target)).toBe(false);
    });
  }
});
