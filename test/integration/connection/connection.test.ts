// isomer's Ansible connection plugin, driven by the real ansible/ansible-playbook (Debian's
// ansible-core) against a Debian container on each available runtime. Needs root.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { RuntimeClient } from "../../../src/runtime/index.js";
import { containersDir } from "../../../src/util/paths.js";
import { runtimesUnderTest } from "../../helpers/runtimes.js";
import { ansibleTarget, type AnsibleTarget } from "../../helpers/ansible-target.js";

const isRoot = process.getuid?.() === 0;

const PLAYBOOK = `
- hosts: all
  gather_facts: false
  tasks:
    - ansible.builtin.ping:
    - name: who runs tasks
      ansible.builtin.command: id -un
      register: who
      changed_when: false
    - ansible.builtin.assert: { that: ["who.stdout == inventory_hostname"] }
    - name: become root (sudo for tester)
      ansible.builtin.command: id -un
      become: true
      register: became
      changed_when: false
    - ansible.builtin.assert: { that: ["became.stdout == 'root'"] }
    - name: become another user
      ansible.builtin.command: id -un
      become: true
      become_user: nobody
      register: nobody
      changed_when: false
      # unprivileged -> other unprivileged user without pipelining needs setfacl (Ansible's rule)
      when: inventory_hostname == 'root'
    - ansible.builtin.assert: { that: ["nobody.stdout == 'nobody'"] }
      when: inventory_hostname == 'root'
    - name: copy content
      ansible.builtin.copy: { content: "hello from {{ inventory_hostname }}\\n", dest: "/tmp/copied-{{ inventory_hostname }}.txt" }
    - name: copy a large binary file
      ansible.builtin.copy: { src: "{{ blob }}", dest: "/tmp/blob-{{ inventory_hostname }}.bin", mode: "0600" }
    - name: template
      ansible.builtin.template: { src: "{{ template }}", dest: "/tmp/templated-{{ inventory_hostname }}.conf" }
      become: true
    - name: fetch the blob back
      ansible.builtin.fetch: { src: "/tmp/blob-{{ inventory_hostname }}.bin", dest: "{{ fetched }}/{{ inventory_hostname }}.bin", flat: true }
`;

describe.skipIf(!isRoot)("isomer Ansible connection (needs root)", () => {
  describe.each(runtimesUnderTest())("on $name", (rt) => {
    let target: AnsibleTarget | undefined;
    let work = "";
    const t = test.skipIf(rt.skip !== undefined);
    if (rt.skip) test.skip(`skipped: ${rt.skip}`, () => {});

    beforeAll(async () => {
      if (rt.skip) return;
      const client = new RuntimeClient({ binary: rt.binary, root: `/run/isomer-test-rt/conn-${rt.name}` });
      target = await ansibleTarget(`isomer-test-rt-conn-${rt.name.replace("isomer-runtime", "isomer")}-${process.pid}`, client);
      work = mkdtempSync(join(tmpdir(), "isomer-test-rt-conn-"));
    });
    afterAll(async () => {
      await target?.remove();
      if (work) rmSync(work, { recursive: true, force: true });
      // nothing of the container remains: no mount or bundle named after it
      if (target) {
        expect(readFileSync("/proc/self/mountinfo", "utf8")).not.toContain(target.id);
        expect(existsSync(join(containersDir(), target.id))).toBe(false);
      }
    });

    t("ansible -m ping answers pong for root and an unprivileged exec user", async () => {
      const r = await execa("ansible", ["all", "-m", "ping"], { env: target!.env, reject: false });
      expect(r.stdout).toMatch(/root \| SUCCESS[\s\S]*"ping": "pong"/);
      expect(r.stdout).toMatch(/tester \| SUCCESS[\s\S]*"ping": "pong"/);
      expect(r.exitCode).toBe(0);
    });

    t("a playbook with command, become, copy, template and fetch converges, binary-safe", async () => {
      const blob = join(work, "blob.bin");
      writeFileSync(blob, randomBytes(6 * 1024 * 1024));
      writeFileSync(join(work, "t.conf.j2"), "host={{ inventory_hostname }}\nuser={{ ansible_user_id | default('x') }}\n");
      writeFileSync(join(work, "site.yml"), PLAYBOOK);
      const fetched = join(work, "fetched");
      const r = await execa("ansible-playbook", ["site.yml", "-e", `blob=${blob}`, "-e", `template=${join(work, "t.conf.j2")}`, "-e", `fetched=${fetched}`],
        { cwd: work, env: target!.env, reject: false });
      expect(r.stdout).toMatch(/root\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0/);
      expect(r.stdout).toMatch(/tester\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0/);
      expect(r.exitCode).toBe(0);
      const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
      for (const host of ["root", "tester"]) {
        expect(sha(readFileSync(join(fetched, `${host}.bin`)))).toBe(sha(readFileSync(blob)));
        const inside = await target!.client.exec(target!.id, ["/bin/sh", "-c", `cat /tmp/copied-${host}.txt /tmp/templated-${host}.conf; stat -c %U /tmp/copied-${host}.txt; sha256sum < /tmp/blob-${host}.bin`]);
        expect(inside.stdout).toBe(`hello from ${host}\nhost=${host}\nuser=x\n${host}\n${sha(readFileSync(blob))}  -\n`);
      }
    });

    t("a failing command reports Ansible's error and exit code", async () => {
      const r = await execa("ansible", ["root", "-m", "command", "-a", "/bin/false"], { env: target!.env, reject: false });
      expect(r.exitCode).not.toBe(0);
      expect(r.stdout).toMatch(/root \| FAILED \| rc=1/);
    });
  });
});
