// End to end: prepared-instance snapshots with the built CLI, the embedded runtime and a real
// Debian image. `isomer test --snapshot` runs prepare and saves a snapshot; the next run with the
// same prepare inputs starts from it (says so, prepare not run) and converge reports the same
// ok/changed counts on a prepared file it reads; a changed input of prepare (a file it copies)
// is not served the old snapshot: prepare runs again and the instance has the new content.
// Without --snapshot nothing is used or saved. `isomer image prune` removes the snapshots.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isomerHome } from "../../src/util/paths.js";
import { debianImage } from "../helpers/debian.js";
import { writeFiles } from "../helpers/tmpdir.js";
import { scenarioLeftovers } from "../helpers/leftovers.js";
import { cliEnv, e2eSkipReason, isomer, recordedResources } from "./cli.js";

const skip = e2eSkipReason();
const scratch = mkdtempSync(join(tmpdir(), "isomer-test-snapshot-"));
const role = join(scratch, "snapdemo");
const prefix = "isomer-test-snapshot";

function files(image: string): Record<string, string> {
  return {
    "meta/main.yml": "galaxy_info:\n  role_name: snapdemo\n  namespace: isomer_test\n  author: isomer\n  description: demo\n  license: MIT\n  min_ansible_version: '2.14'\n  platforms: []\n",
    "tasks/main.yml": [
      "- name: Copy the prepared file",
      "  ansible.builtin.copy:",
      "    src: /opt/prepared/motd",
      "    dest: /etc/motd-copy",
      "    remote_src: true",
      "    mode: '0644'",
      "- name: A directory",
      "  ansible.builtin.file:",
      "    path: /srv/converged",
      "    state: directory",
      "    mode: '0755'",
      "",
    ].join("\n"),
    "molecule/default/molecule.yml": `driver:\n  name: docker\nplatforms:\n  - name: snap1\n    image: ${image}\n    pre_build_image: true\nprovisioner:\n  name: ansible\nverifier:\n  name: ansible\n`,
    "molecule/default/prepare.yml": [
      "- name: Prepare",
      "  hosts: all",
      "  gather_facts: false",
      "  tasks:",
      "    - name: The prepared directory",
      "      ansible.builtin.file:",
      "        path: /opt/prepared",
      "        state: directory",
      "        mode: '0755'",
      "    - name: The prepared file",
      "      ansible.builtin.copy:",
      "        src: motd.txt",
      "        dest: /opt/prepared/motd",
      "        mode: '0644'",
      "",
    ].join("\n"),
    "molecule/default/files/motd.txt": "prepared once\n",
    "molecule/default/converge.yml": "- name: Converge\n  hosts: all\n  gather_facts: false\n  roles:\n    - role: snapdemo\n",
    "molecule/default/verify.yml": [
      "- name: Verify",
      "  hosts: all",
      "  gather_facts: false",
      "  tasks:",
      "    - name: Read the copy",
      "      ansible.builtin.slurp:",
      "        src: /etc/motd-copy",
      "      register: copy",
      "    - name: It holds what prepare wrote",
      "      ansible.builtin.assert:",
      "        that: (copy.content | b64decode) == lookup('file', 'files/motd.txt') + '\\n'",
      "",
    ].join("\n"),
  };
}

// The PLAY RECAP counts of snap1, in the order the playbooks ran.
function recaps(output: string): string[] {
  return [...output.matchAll(/^snap1\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)/gm)].map((m) => `ok=${m[1]} changed=${m[2]} failed=${m[4]}`);
}

async function test(name: string, args: string[] = ["--snapshot"]) {
  const ephemeralDir = join(scratch, name);
  const result = await isomer(role, ["test", ...args], cliEnv(prefix, ephemeralDir, { ISOMER_PACKAGE_CACHE: "0" }));
  expect(result.exitCode, result.all).toBe(0);
  expect(recordedResources(ephemeralDir)).toEqual([]);
  expect(await scenarioLeftovers({ prefix, ephemeralDir, instances: ["snap1"] })).toEqual([]);
  return result.all ?? "";
}

const saved = (output: string) => [...output.matchAll(/snap1: saved the prepared snapshot ([a-f0-9]{12})/g)].map((m) => m[1]!);

describe.skipIf(skip !== undefined)("prepared-instance snapshots (isomer test --snapshot)", () => {
  const keys: string[] = [];
  beforeAll(async () => {
    const image = await debianImage();
    writeFiles(role, files(image.ref));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("saves after prepare, then starts from the snapshot with the same converge counts", async () => {
    const first = await test("first");
    expect(first).toMatch(/default\s+prepare\s+snap1\s+ok/);
    expect(saved(first)).toHaveLength(1);
    keys.push(saved(first)[0]!);
    const second = await test("second");
    expect(second).toMatch(new RegExp(`snap1: starts from the prepared snapshot ${keys[0]} of `));
    expect(second).toMatch(new RegExp(`prepare: skipped \\([\\d.]+s\\): the instances started from prepared snapshots \\(snap1: ${keys[0]}\\)`));
    expect(saved(second)).toEqual([]);
    // prepare, converge, idempotence, verify the first time; converge, idempotence, verify after
    const [, ...afterPrepare] = recaps(first);
    expect(recaps(second)).toEqual(afterPrepare);
    expect(afterPrepare[0]).toBe("ok=2 changed=2 failed=0");
  });

  it("does not use the snapshot when a file prepare copies changed, nor without --snapshot", async () => {
    writeFileSync(join(role, "molecule/default/files/motd.txt"), "prepared twice\n");
    const changed = await test("changed");
    expect(changed).toMatch(/snapshots: no prepared snapshot for snap1 \([a-f0-9]{12}\): prepare runs and saves one/);
    expect(changed).toMatch(/default\s+prepare\s+snap1\s+ok/);
    expect(saved(changed)).toHaveLength(1);
    expect(saved(changed)[0]).not.toBe(keys[0]);
    keys.push(saved(changed)[0]!);
    const plain = await test("plain", []);
    expect(plain).not.toMatch(/prepared snapshot/);
    expect(plain).toMatch(/default\s+prepare\s+snap1\s+ok/);
  });

  it("`isomer image prune` removes them", async () => {
    const ours = () => keys.filter(stored);
    expect(ours()).toHaveLength(2);
    const prune = await isomer(role, ["image", "prune", "--json"], process.env);
    expect(prune.exitCode, prune.all).toBe(0);
    expect(JSON.parse(prune.stdout).snapshots).toBeGreaterThanOrEqual(2);
    expect(ours()).toEqual([]);
  });
});

// True when a snapshot whose key starts with `short` is stored under $ISOMER_HOME.
function stored(short: string): boolean {
  const dir = join(isomerHome(), "snapshots");
  return existsSync(dir) && readdirSync(dir).some((name) => name.startsWith(short));
}
