// An ordinary user's `isomer create` on a scenario that cannot work rootless: exit 2 with each
// refusal at its molecule.yml key (file:line:col), before anything is created. Runs the built CLI
// (dist/, `npm run build` first) as a `useradd`ed user; root only writes the scenario.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unprivilegedUser, type UnprivilegedUser } from "../../helpers/unprivileged-user.js";

const isRoot = process.getuid?.() === 0;
const CLI = join(import.meta.dirname, "../../../dist/src/cli/main.js");

describe.skipIf(!isRoot)("rootless refusals", () => {
  let user: UnprivilegedUser;
  let project: string;

  beforeAll(() => {
    user = unprivilegedUser("isomer-rl-refuse");
    project = mkdtempSync(join(tmpdir(), "isomer-test-rl-refuse-"));
    chmodSync(project, 0o755);
    mkdirSync(join(project, "molecule/default"), { recursive: true });
    writeFileSync(join(project, "molecule/default/molecule.yml"), [
      "driver:", "  name: docker", "platforms:", "  - name: instance", "    image: debian:bookworm", "    privileged: true",
      "  - name: other", "    image: debian:bookworm", "    network_mode: host", "    published_ports:", "      - \"2222:22\"", "      - \"80:80\"", "",
    ].join("\n"));
    writeFileSync(join(project, "molecule/default/converge.yml"), "- hosts: all\n  tasks: []\n");
    for (const p of [project, join(project, "molecule"), join(project, "molecule/default")]) chownSync(p, user.uid, user.gid);
  });

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
    user?.remove();
  });

  it("exits 2 naming privileged, network_mode host and the low port at their lines, creating nothing", async () => {
    const r = await user.run(["node", CLI, "create"], { reject: false, cwd: project, env: { XDG_CACHE_HOME: join(project, "cache") } });
    expect(r.exitCode).toBe(2);
    const file = join(project, "molecule/default/molecule.yml");
    expect(r.stderr).toContain(`${file}:6:5: platforms[0].privileged: Expected \`privileged\` to be false when isomer runs without root`);
    expect(r.stderr).toContain(`${file}:9:5: platforms[1].network_mode: Expected \`network_mode\` other than \`host\``);
    expect(r.stderr).toContain(`${file}:12:9: platforms[1].published_ports[1]: Expected the host port of \`published_ports\` to be at least`);
    expect(r.stderr).not.toContain("published_ports[0]");
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(project).sort()).toEqual(["molecule"]);
  });
});
