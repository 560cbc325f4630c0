// cleanup.yml runs whenever the scenario has one, also with nothing created (as Molecule's
// cleanup command: it only skips when no cleanup playbook is configured).
import { describe, it, expect, vi, afterEach } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sequenceCommand } from "../../../src/commands/sequence.js";
import { ConsoleReporter } from "../../../src/reporter/console.js";
import { delegatedProject } from "../../helpers/engine-scenario.js";
import { which } from "../../../src/util/which.js";

const hasAnsible = which("ansible-playbook") !== undefined;

describe.skipIf(!hasAnsible)("the cleanup action (real ansible-playbook)", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("runs cleanup.yml although no instance was created", async () => {
    const { project, home } = delegatedProject({
      "molecule/default/cleanup.yml":
        "- hosts: localhost\n  connection: local\n  gather_facts: false\n  tasks:\n" +
        "    - ansible.builtin.lineinfile:\n        path: \"{{ lookup('env', 'MOLECULE_PROJECT_DIRECTORY') }}/cleaned.log\"\n        line: cleaned\n        create: true\n        mode: '0644'\n",
    });
    vi.stubEnv("XDG_CACHE_HOME", join(home, "cache"));
    vi.stubEnv("MOLECULE_EPHEMERAL_DIRECTORY", undefined);
    const reporter = new ConsoleReporter({ color: false, write: () => {} });
    await sequenceCommand("cleanup", { projectDir: project, reporter });
    expect(reporter.records().map((r) => `${r.action}:${r.status}`)).toEqual(["cleanup:ok"]);
    expect(readFileSync(join(project, "cleaned.log"), "utf8")).toBe("cleaned\n");
  });
});
