import { afterEach, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { endStalePlaybook, recordPlaybookGroup } from "../../../src/provisioner/stale-playbook.js";

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) process.kill(-c.pid!, "SIGKILL");
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), "isomer-test-stale-"));
  dirs.push(d);
  return d;
}

// a stand-in for ansible-playbook: a group leader with a child of its own, as Ansible's workers are
function group(): ChildProcess {
  const c = spawn("sh", ["-c", "sleep 300 & wait"], { detached: true, stdio: "ignore" });
  children.push(c);
  return c;
}

const exited = (c: ChildProcess) => new Promise<string | null>((resolve) => c.once("exit", (_code, signal) => resolve(signal)));

describe("the record of a running ansible-playbook", () => {
  it("lets the next isomer end the whole group left by a killed one", async () => {
    const dir = scratch();
    const c = group();
    recordPlaybookGroup(dir, c.pid);
    const gone = exited(c);
    expect(endStalePlaybook(dir)).toBe(c.pid);
    expect(await gone).toBe("SIGKILL");
    expect(existsSync(join(dir, "playbook.pgid"))).toBe(false);
  });

  it("is forgotten when the playbook ends normally", () => {
    const dir = scratch();
    const c = group();
    const forget = recordPlaybookGroup(dir, c.pid);
    forget();
    expect(endStalePlaybook(dir)).toBeUndefined();
    expect(c.exitCode).toBeNull();
  });

  it("never signals a process whose PID was reused (start time differs)", () => {
    const dir = scratch();
    const c = group();
    writeFileSync(join(dir, "playbook.pgid"), `${c.pid} 1\n`);
    expect(endStalePlaybook(dir)).toBeUndefined();
    expect(c.exitCode).toBeNull();
  });
});
