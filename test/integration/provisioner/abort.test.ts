// Aborting a real ansible-playbook run ends its whole process group: a task running
// `sleep 120` (a grandchild holding the output pipe) dies with it, so the cancel returns promptly
// and leaves no process behind.
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "../../helpers/tmpdir.js";
import { loadScenarioConfig } from "../../../src/config/index.js";
import { ansiblePlaybook, findExecutable, writeProvisionerFiles, resolvePlaybook } from "../../../src/provisioner/index.js";

const ansible = findExecutable("ansible-playbook");
const local = { ansible_connection: "local", ansible_python_interpreter: "/usr/bin/python3" };

// pids of processes whose command line contains `marker`
function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(marker)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 50));
}

describe.skipIf(!ansible)("aborting ansible-playbook", () => {
  it("kills the task's `sleep` with the playbook and reports 130", async () => {
    const marker = `120.${process.pid}${Date.now() % 100000}`; // `sleep 120.<unique>`: findable in /proc
    const root = tmpdir({
      "role/molecule/default/molecule.yml": "driver:\n  name: default\n  options:\n    managed: false\nplatforms:\n  - name: one\n",
      "role/molecule/default/converge.yml":
        "- hosts: all\n  gather_facts: false\n  tasks:\n    - ansible.builtin.command: touch {{ started }}\n" +
        `    - ansible.builtin.command: sleep ${marker}\n`,
    }, "isomer-test-provisioner-abort-");
    const dir = join(root, "role");
    const started = join(root, "started");
    const { config } = await loadScenarioConfig({ projectDir: dir, env: process.env, ephemeralDir: join(root, "ephemeral") });
    await writeProvisionerFiles(config, { one: { ...local, started } });
    const controller = new AbortController();
    const run = ansiblePlaybook(config, resolvePlaybook(config, "converge")!, { echo: false, env: process.env, signal: controller.signal });
    await until(() => existsSync(started) && processesWith(`sleep\0${marker}`).length > 0);
    controller.abort();
    const result = await run;
    expect(result.exitCode).toBe(130);
    expect(processesWith(`sleep\0${marker}`)).toEqual([]);
  });
});
