// Aborting a real ansible-playbook run ends its whole process group: a task running
// `sleep 120` (a grandchild holding the output pipe) dies with it, so the cancel returns promptly
// and leaves no process behind; it reports 128 + SIGTERM, the signal its group got.
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "../../helpers/tmpdir.js";
import { loadScenarioConfig } from "../../../src/config/index.js";
import { run } from "../../../src/provisioner/index.js";
import { actionEnv } from "../../../src/config/molecule-env.js";
import { which } from "../../../src/util/which.js";

const ansible = which("ansible-playbook");
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
  it("kills the task's `sleep` with the playbook and reports 143", async () => {
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
    const controller = new AbortController();
    const running = run(config, "converge", { connections: { one: { ...local, started } }, env: actionEnv(config, "converge"), echo: false, signal: controller.signal });
    await until(() => existsSync(started) && processesWith(`sleep\0${marker}`).length > 0);
    controller.abort();
    const result = await running;
    expect(result).toMatchObject({ exitCode: 143, signal: "SIGTERM" }); // the group got SIGTERM: 128 + 15
    expect(processesWith(`sleep\0${marker}`)).toEqual([]);
  });
});
