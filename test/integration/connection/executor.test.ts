// The isomer connection's warm executor (templates/ansible/executor/): the same play gives the
// same per-task results with it on and off, modules run in forked children of one interpreter
// (one parent pid for every module of a run) whose state never reaches the next module, an
// interpreter the executor cannot start falls back to plain exec, and no broker outlives
// ansible-playbook. Real ansible-playbook (ansible.posix.json callback) against a Debian container
// on isomer-runtime. Needs root.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { RuntimeClient } from "../../../src/runtime/index.js";
import { runtimesUnderTest } from "../../helpers/runtimes.js";
import { ansibleTarget, type AnsibleTarget } from "../../helpers/ansible-target.js";
import { leftoversMatching } from "../../helpers/leftovers.js";

const isRoot = process.getuid?.() === 0;
const rt = runtimesUnderTest().find((r) => r.name === "isomer-runtime")!;

// A module that reports its parent and whether an earlier module's mark is still in the interpreter.
const PROBE = `#!/usr/bin/python3
import json, os
from ansible.module_utils.basic import AnsibleModule
m = AnsibleModule(argument_spec={})
seen = hasattr(json, "_isomer_probe")
json._isomer_probe = True
m.exit_json(changed=False, ppid=os.getppid(), seen=seen, argv=__import__("sys").argv[1:])
`;

const PLAY = `
- hosts: root
  gather_facts: true
  tasks:
    - probe:
    - probe:
    - ansible.builtin.command: /bin/true
      changed_when: false
    - ansible.builtin.command: /bin/false
      ignore_errors: true
    - ansible.builtin.shell: printf '%s' "$GREETING"; echo to-stderr >&2
      environment: { GREETING: "it's $HOME" }
    - ansible.builtin.file: { path: "/tmp/exec-{{ run }}", state: directory, mode: "0750" }
    - ansible.builtin.copy: { content: "one\\n", dest: "/tmp/exec-{{ run }}/f" }
    - ansible.builtin.copy: { content: "one\\n", dest: "/tmp/exec-{{ run }}/f" }
    - ansible.builtin.lineinfile: { path: "/tmp/exec-{{ run }}/f", line: two }
      diff: true
    - ansible.builtin.user: { name: "u{{ run }}", system: true, create_home: false }
    - ansible.builtin.stat: { path: /etc/hostname }
    - ansible.builtin.slurp: { src: /etc/os-release }
    - ansible.builtin.command: /nonexistent
      ignore_errors: true
    # not UTF-8: ansible-core 2.19 refuses such a result (MODULE_STRICT_UTF8_RESPONSE), older ones
    # pass it escaped; either way both runs must agree
    - name: binary output
      ansible.builtin.command: python3 -c "import sys; sys.stdout.buffer.write(bytes(range(256)))"
      changed_when: false
      ignore_errors: true
    - ansible.builtin.assert: { that: ["ansible_facts.distribution == 'Debian'"] }
    - name: probe under sudo
      probe:
      become: true
    - name: probe under sudo
      probe:
      become: true
    - name: environment under sudo
      ansible.builtin.command: env
      become: true
      changed_when: false
    - name: a file under sudo
      ansible.builtin.copy: { content: "two\\n", dest: "/tmp/exec-{{ run }}/sudo" }
      become: true
    - name: an unprivileged user under sudo
      ansible.builtin.command: id -un
      become: true
      become_user: nobody
      changed_when: false
`;

// What must not differ between two runs of the play: per task, the result's verdict and output.
function verdicts(json: string, run: string) {
  const out = JSON.parse(json.slice(json.indexOf("{")));
  return out.plays[0].tasks.map((t: { task: { name: string }; hosts: Record<string, Record<string, unknown>> }) => {
    const r = { ...t.hosts.root! };
    // the same variables and values; their order is /bin/sh's on a plain exec and not by the executor
    if (t.task.name === "environment under sudo") r.stdout = String(r.stdout).split("\n").sort().join("\n");
    const pick = Object.fromEntries(["changed", "failed", "skipped", "rc", "stdout", "stderr", "msg", "diff", "content", "stat", "seen"]
      .filter((k) => k in r).map((k) => [k, k === "stat" ? { exists: (r.stat as Record<string, unknown>).exists, mode: (r.stat as Record<string, unknown>).mode } : r[k]]));
    const text = JSON.stringify({ task: t.task.name, ...pick }).replaceAll(`exec-${run}`, "exec-RUN").replaceAll(`u${run}`, "uRUN");
    return JSON.parse(text.replace(/BECOME-SUCCESS-[A-Za-z]+/g, "BECOME-SUCCESS-ID")); // a new id per task
  });
}

// Processes of the leftovers inventory that name this container's broker or an exec into it
// (its shim, which lives as long as the container, is not one).
const brokers = async (container: string) => (await leftoversMatching(container))
  .filter((line) => line.startsWith("process ") && (line.includes("isomer_executor_broker.py") || / exec /.test(line)));

describe.skipIf(!isRoot || rt.skip !== undefined)("isomer connection's warm executor (needs root)", () => {
  let target: AnsibleTarget | undefined;
  let work = "";

  beforeAll(async () => {
    const client = new RuntimeClient({ binary: rt.binary, root: "/run/isomer-test-rt/executor" });
    target = await ansibleTarget(`isomer-test-rt-executor-${process.pid}`, client);
    work = mkdtempSync(join(tmpdir(), "isomer-test-rt-executor-"));
    mkdirSync(join(work, "library"));
    writeFileSync(join(work, "library", "probe.py"), PROBE);
    writeFileSync(join(work, "site.yml"), PLAY);
    // an interpreter that refuses `-c` (so the executor cannot start) but runs programs from stdin
    const fake = await client.exec(target.id, ["/bin/sh", "-c", `printf '#!/bin/sh\\n[ "$1" = -c ] && exit 3\\nexec /usr/bin/python3 "$@"\\n' > /usr/local/bin/python0 && chmod 755 /usr/local/bin/python0`]);
    expect(fake.exitCode).toBe(0);
  });
  afterAll(async () => {
    await target?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const play = (executor: "0" | "1", run: string) => execa("ansible-playbook", ["site.yml", "-e", `run=${run}`],
    { cwd: work, env: { ...target!.env, ISOMER_EXECUTOR: executor, ANSIBLE_STDOUT_CALLBACK: "ansible.posix.json", ANSIBLE_LIBRARY: join(work, "library") }, reject: false });

  test("the same play gives the same results with the executor on and off", async () => {
    const off = await play("0", "off");
    const on = await play("1", "on");
    expect(off.exitCode).toBe(0);
    expect(on.exitCode).toBe(0);
    const [a, b] = [verdicts(off.stdout, "off"), verdicts(on.stdout, "on")];
    expect(b).toEqual(a);
    expect(a.filter((t: { changed?: boolean }) => t.changed).length).toBeGreaterThan(3);
    expect(a.filter((t: { task: string; failed?: boolean }) => t.failed && t.task !== "binary output").length).toBe(2);
  });

  test("modules run in children of one warm interpreter, each without the previous one's state", async () => {
    const r = await play("1", "probe");
    const tasks = JSON.parse(r.stdout.slice(r.stdout.indexOf("{"))).plays[0].tasks;
    const probes = tasks.filter((t: { task: { name: string } }) => t.task.name === "probe").map((t: { hosts: { root: { ppid: number; seen: boolean } } }) => t.hosts.root);
    expect(probes).toHaveLength(2);
    expect(probes.map((p: { seen: boolean }) => p.seen)).toEqual([false, false]);
    expect(probes[0].ppid).toBe(probes[1].ppid);
    // under passwordless sudo: children of another warm interpreter, started under that sudo
    const sudoed = tasks.filter((t: { task: { name: string } }) => t.task.name === "probe under sudo").map((t: { hosts: { root: { ppid: number; seen: boolean } } }) => t.hosts.root);
    expect(sudoed.map((p: { seen: boolean }) => p.seen)).toEqual([false, false]);
    expect(sudoed[0].ppid).toBe(sudoed[1].ppid);
    expect(sudoed[0].ppid).not.toBe(probes[0].ppid);
    const off = await play("0", "probe-off");
    const plain = JSON.parse(off.stdout.slice(off.stdout.indexOf("{"))).plays[0].tasks.filter((t: { task: { name: string } }) => t.task.name === "probe");
    expect(plain[0].hosts.root.ppid).not.toBe(plain[1].hosts.root.ppid);
  });

  test("no broker outlives ansible-playbook", async () => {
    await play("1", "leak");
    for (let i = 0; i < 50 && (await brokers(target!.id)).length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await brokers(target!.id)).toEqual([]);
  });

  test("an interpreter the executor cannot start runs modules by plain exec", async () => {
    const r = await execa("ansible", ["root", "-m", "ping", "-vvv", "-e", "ansible_python_interpreter=/usr/local/bin/python0"], { env: target!.env, reject: false });
    expect(r.stdout).toMatch(/ISOMER EXECUTOR broker for \/usr\/local\/bin\/python0: fallback/);
    expect(r.stdout).toMatch(/root \| SUCCESS[\s\S]*"ping": "pong"/);
    expect(r.exitCode).toBe(0);
  });

  test("sudo become from an unprivileged exec user goes through the executor; a password-asking become does not", async () => {
    const r = await execa("ansible", ["tester", "-m", "command", "-a", "id -un", "-b", "-e", "ansible_pipelining=true", "-vvv"], { env: target!.env, reject: false });
    expect(r.stdout).toMatch(/ISOMER EXECUTOR RUN sudo -H -S -n -u root \/usr\/bin\/python3 \(rc 0\)/);
    expect(r.stdout).toMatch(/tester \| CHANGED \| rc=0 >>\s+root/);
    const asking = await execa("ansible", ["tester", "-m", "command", "-a", "id -un", "-b", "-e", "ansible_pipelining=true", "-e", "ansible_become_password=unused", "-vvv"], { env: target!.env, reject: false });
    expect(asking.stdout).not.toMatch(/ISOMER EXECUTOR RUN sudo/);
    expect(asking.stdout).toMatch(/tester \| CHANGED \| rc=0 >>\s+root/);
  });

  test("the executor is not used for an exec user without pipelining, and results are the same", async () => {
    const r = await execa("ansible", ["tester", "-m", "command", "-a", "id -un", "-vvv"], { env: target!.env, reject: false });
    expect(r.stdout).not.toMatch(/ISOMER EXECUTOR RUN/);
    expect(r.stdout).toMatch(/tester \| CHANGED \| rc=0 >>\s+tester/);
  });

  test.runIf(existsSync("/usr/bin/ansible"))("ansible's ping goes through the executor", async () => {
    const r = await execa("ansible", ["root", "-m", "ping", "-vvv"], { env: target!.env, reject: false });
    expect(r.stdout).toMatch(/ISOMER EXECUTOR RUN \/usr\/bin\/python3 \(rc 0\)/);
    expect(r.exitCode).toBe(0);
  });
});
