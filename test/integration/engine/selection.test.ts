// Scenario selection end to end: nested scenarios (molecule/<group>/<name>) picked by a glob, with
// --exclude, run their real playbooks (delegated driver, Ansible's local connection) each in its
// own ephemeral directory.
import { describe, it, expect, vi, afterEach } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sequenceCommand } from "../../../src/commands/sequence.js";
import { ConsoleReporter } from "../../../src/reporter/console.js";
import { which } from "../../../src/util/which.js";
import { delegatedProjectFiles } from "../../helpers/engine-scenario.js";
import { tmpdir, writeFiles } from "../../helpers/tmpdir.js";

describe.skipIf(!which("ansible-playbook"))("scenario selection", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("runs nested scenarios chosen by a glob, less the excluded one, each in its own ephemeral dir", async () => {
    const base = tmpdir();
    vi.stubEnv("XDG_CACHE_HOME", join(base, "cache"));
    vi.stubEnv("MOLECULE_EPHEMERAL_DIRECTORY", undefined);
    const project = join(base, "engine_demo");
    for (const name of ["distro/debian", "distro/ubuntu", "distro/old"]) {
      const files = delegatedProjectFiles(join(base, "targets", name));
      const moved = Object.fromEntries(Object.entries(files).map(([k, v]) => [k.replace(/^molecule\/default\//, `molecule/${name}/`), v]));
      writeFiles(project, moved);
    }
    const reporter = new ConsoleReporter({ color: false, write: () => {} });
    await sequenceCommand("converge", { projectDir: project, reporter, scenarioNames: ["distro/*"], exclude: ["*/old"] });
    expect(readFileSync(join(base, "targets/distro/debian/managed.txt"), "utf8")).toBe("converged by target-one\n");
    expect(existsSync(join(base, "targets/distro/ubuntu/managed.txt"))).toBe(true);
    expect(existsSync(join(base, "targets/distro/old"))).toBe(false);
    expect([...new Set(reporter.records().map((r) => r.scenario))]).toEqual(["distro/debian", "distro/ubuntu"]);
    await sequenceCommand("destroy", { projectDir: project, reporter, scenarioNames: ["distro/*"] });
    expect(existsSync(join(base, "targets/distro/debian"))).toBe(false);
  });
});
