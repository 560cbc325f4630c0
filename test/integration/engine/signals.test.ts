// Cancelling the built CLI mid-converge: SIGTERM (a CI cancel) and a terminal Ctrl-C (SIGINT to
// the whole foreground process group) both end ansible-playbook's process group (its `sleep`
// task included), run the test sequence's destroy, and exit 143 / 130 after it. Ctrl-C also
// cancels `isomer image pull` while it waits on a registry.
import { describe, it, expect } from "vitest";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { execa } from "execa";
import { delegatedProject } from "../../helpers/engine-scenario.js";
import { tmpdir } from "../../helpers/tmpdir.js";
import { which } from "../../../src/util/which.js";

const hasAnsible = which("ansible-playbook") !== undefined;
const builtCli = join(import.meta.dirname, "../../../dist/src/cli/main.js");

function processesWith(marker: string): number[] {
  return readdirSync("/proc").filter((e) => /^\d+$/.test(e)).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker);
    } catch {
      return false;
    }
  }).map(Number);
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 50));
}

// Start `isomer test` in its own process group on a converge that sleeps; resolve once it sleeps.
async function startSleepingTest() {
  const marker = `120.${process.pid}${Math.floor(Math.random() * 1e6)}`;
  const converge = `- hosts: all\n  gather_facts: false\n  tasks:\n    - ansible.builtin.command: sleep ${marker}\n`;
  const { project, target, home } = delegatedProject({ "molecule/default/converge.yml": converge });
  const cli = execa("node", [builtCli, "test"], { cwd: project, reject: false, detached: true, env: { XDG_CACHE_HOME: join(home, "cache"), NO_COLOR: "1" } });
  await until(() => processesWith(`sleep\0${marker}`).length > 0 || cli.exitCode !== null);
  expect(existsSync(target)).toBe(true); // created, converging
  return { cli, target, sleeping: () => processesWith(`sleep\0${marker}`) };
}

describe.skipIf(!hasAnsible || !existsSync(builtCli))("signals to the isomer CLI (real ansible-playbook)", () => {
  it("SIGTERM: ends the playbook's group, destroys, exits 143", async () => {
    const { cli, target, sleeping } = await startSleepingTest();
    process.kill(cli.pid!, "SIGTERM"); // not cli.kill(): execa would SIGKILL it 5 s later, mid-destroy on a busy machine
    const run = await cli;
    expect(run.exitCode, run.stderr).toBe(143);
    expect(run.stderr).toContain("SIGTERM: interrupted, cleaning up");
    expect(run.stdout).toMatch(/default ➜ destroy: ok/);
    expect(existsSync(target)).toBe(false);
    expect(sleeping()).toEqual([]);
  });

  it("terminal Ctrl-C (SIGINT to the process group): destroys before exiting 130", async () => {
    const { cli, target, sleeping } = await startSleepingTest();
    process.kill(-cli.pid!, "SIGINT");
    const run = await cli;
    expect(run.exitCode, run.stderr).toBe(130);
    expect(run.stdout).toMatch(/default ➜ destroy: ok/);
    expect(existsSync(target)).toBe(false);
    expect(sleeping()).toEqual([]);
  });
});

describe.skipIf(!existsSync(builtCli))("Ctrl-C during `isomer image pull`", () => {
  it("stops waiting on a registry that never answers and exits 130", async () => {
    const requests: IncomingMessage[] = [];
    const server = createServer((request) => void requests.push(request)); // holds every request open
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const registry = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const home = tmpdir({}, "isomer-test-pull-");
    writeFileSync(join(home, "config.yml"), "images: {}\n");
    try {
      const cli = execa("node", [builtCli, "image", "pull", `${registry}/team/app:1`, "--insecure-registry", registry], {
        reject: false, env: { ...process.env, ISOMER_HOME: home, ISOMER_CONFIG: join(home, "config.yml"), NO_COLOR: "1" },
      });
      await until(() => requests.length > 0 || cli.exitCode !== null);
      process.kill(cli.pid!, "SIGINT"); // as a terminal's Ctrl-C; cli.kill() would add a SIGKILL 5 s later
      const run = await cli;
      expect(run.exitCode, run.stderr).toBe(130);
      expect(run.stderr).toContain("SIGINT: interrupted");
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
