// The dependency step with the network cut off: a requirements file that mixes collections
// Debian's `ansible` bundle already has, a missing collection and a missing role, whose sources
// are a closed loopback port (unreachable by construction). Real ansible-galaxy and
// ansible-playbook; a PATH wrapper around ansible-galaxy only records that it was called.
import { describe, it, expect, vi, afterEach } from "vitest";
import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sequenceCommand } from "../../../src/commands/sequence.js";
import { defaultEphemeralDir } from "../../../src/config/molecule-env.js";
import { ConsoleReporter } from "../../../src/reporter/console.js";
import { which } from "../../../src/util/which.js";
import { delegatedProject } from "../../helpers/engine-scenario.js";
import { tmpdir } from "../../helpers/tmpdir.js";

const galaxy = which("ansible-galaxy");
const bundle = "/usr/lib/python3/dist-packages/ansible_collections/community/general";
const CLOSED = "http://127.0.0.1:9"; // the discard port: nothing listens on loopback here

const requirements = [
  "roles:",
  "  - name: netrole",
  `    src: ${CLOSED}/netrole.tar.gz`,
  "collections:",
  "  - name: community.general",
  "  - name: ansible.posix",
  "    version: '>=1.0.0'",
  "  - name: acme.absent",
  `    source: ${CLOSED}/api/`,
  "",
].join("\n");

function setup(extra: Record<string, string> = {}) {
  const p = delegatedProject({ "requirements.yml": requirements, ...extra });
  const bin = tmpdir();
  const mark = join(bin, "called");
  writeFileSync(join(bin, "ansible-galaxy"), `#!/bin/sh\necho "$@" >> ${mark}\nexec ${galaxy} "$@"\n`);
  chmodSync(join(bin, "ansible-galaxy"), 0o755);
  vi.stubEnv("PATH", `${bin}:${process.env.PATH}`);
  vi.stubEnv("XDG_CACHE_HOME", join(p.home, "cache"));
  vi.stubEnv("MOLECULE_EPHEMERAL_DIRECTORY", undefined);
  vi.stubEnv("MOLECULE_OFFLINE", undefined);
  vi.stubEnv("ANSIBLE_GALAXY_SERVER", `${CLOSED}/`); // never reach the real Galaxy
  let text = "";
  const reporter = new ConsoleReporter({ color: false, write: (t) => void (text += t) });
  return { ...p, mark, reporter, out: () => text, ephemeralDir: defaultEphemeralDir(p.project, "default", process.env) };
}

describe.skipIf(!galaxy || !existsSync(bundle))("dependency step, offline and unreachable", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("skips what is installed, warns about each unreachable requirement with its source, and goes on", async () => {
    const s = setup();
    await sequenceCommand("dependency", { projectDir: s.project, reporter: s.reporter });
    const out = s.out();
    expect(out).toContain(`collection \`community.general\` already installed`);
    expect(out).toContain(`at ${bundle}`);
    expect(out).toMatch(/collection `ansible\.posix >=1\.0\.0` already installed \(\d+\.\d+\.\d+\)/);
    expect(out).toMatch(/WARNING .*could not install role `netrole` from http:\/\/127\.0\.0\.1:9\/netrole\.tar\.gz, collection `acme\.absent` from http:\/\/127\.0\.0\.1:9\/api\//);
    expect(existsSync(s.mark)).toBe(true); // the missing ones were tried
    expect(s.reporter.records()[0]).toMatchObject({ action: "dependency", status: "ok", message: "2 already installed, 2 not installed" });
  });

  it("--offline and MOLECULE_OFFLINE=1 install nothing and list what is missing", async () => {
    for (const how of ["flag", "env"] as const) {
      const s = setup();
      if (how === "env") vi.stubEnv("MOLECULE_OFFLINE", "1");
      await sequenceCommand("dependency", { projectDir: s.project, reporter: s.reporter, offline: how === "flag" });
      expect(s.out()).toMatch(/WARNING .*offline: not installing role `netrole` \(not installed\), collection `acme\.absent` \(not installed\)/);
      expect(existsSync(s.mark)).toBe(false); // ansible-galaxy never ran
      vi.unstubAllEnvs();
    }
  });

  it("a playbook that fails for the missing role gets a hint naming the unreachable requirement", async () => {
    const s = setup({ "molecule/default/converge.yml": "- name: Converge\n  hosts: all\n  gather_facts: false\n  roles:\n    - netrole\n" });
    const error = await sequenceCommand("converge", { projectDir: s.project, reporter: s.reporter, offline: true }).then(
      () => undefined,
      (e: Error & { hint?: string }) => e,
    );
    expect(error?.message).toMatch(/ansible-playbook `\S+converge\.yml` failed/);
    expect(error?.hint).toContain("role `netrole` (from http://127.0.0.1:9/netrole.tar.gz: offline)");
    expect(error?.hint).not.toContain("acme.absent");
    await sequenceCommand("destroy", { projectDir: s.project, reporter: s.reporter });
  });
});
