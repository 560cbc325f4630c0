// End to end on the example role scenarios/webserver with the built CLI, the embedded runtime
// (native/build/isomer-runtime; ISOMER_RUNTIME overrides) and a real Debian image: the complete
// `isomer test`, a converge whose result is checked inside the container and through the published
// port, and the fault paths (kill -9 during converge, Ctrl-C during test, a failing converge).
// After each, nothing may be left on the host: mounts, cgroups, veths, netns, processes, NAT
// rules, runtime state, bundles, state.yml resources.
import { afterAll, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { execa } from "execa";
import { packageRoot, runtimeBinary, runtimeStateRoot } from "../../src/util/paths.js";
import { scenarioLeftovers } from "../helpers/leftovers.js";
import { CLI, cliEnv, e2eSkipReason, isomer, recordedResources, waitForOutput } from "./cli.js";

const skip = e2eSkipReason();
const ROLE = join(packageRoot(), "scenarios", "webserver");
const scratch = mkdtempSync(join(tmpdir(), "isomer-test-d1e2e-"));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// A fresh run: its own container prefix, ephemeral dir and host port.
async function run(name: string) {
  const prefix = `isomer-test-d1e2e-${name}`;
  const ephemeralDir = join(scratch, name);
  const port = await freePort();
  return { prefix, ephemeralDir, port, env: cliEnv(prefix, ephemeralDir, { WEBSERVER_HOST_PORT: String(port) }) };
}

async function expectNothingLeft(prefix: string, ephemeralDir: string): Promise<void> {
  expect(recordedResources(ephemeralDir)).toEqual([]);
  const leftovers = await scenarioLeftovers({ prefix, ephemeralDir, instances: ["web1"] }); // the default scenario's platform
  const ps = (await execa("ps", ["-eo", "pid=,args="])).stdout.split("\n").filter((line) => line.includes(ephemeralDir) && !line.includes(" ps "));
  expect([...leftovers, ...ps.map((line) => `process: ${line.trim()}`)]).toEqual([]);
}

describe.skipIf(skip !== undefined)("isomer test of scenarios/webserver", () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("runs the whole test sequence and leaves nothing behind", async () => {
    const { prefix, ephemeralDir, env } = await run("full");
    const result = await isomer(ROLE, ["test"], env);
    expect(result.all).toMatch(/idempotence: ok/);
    expect(result.all).toMatch(/verify: ok/);
    expect(result.all).toMatch(/test sequence succeeded/);
    expect(result.all).not.toContain("DEPRECATION WARNING"); // in isomer's plugins and generated files, with any Ansible it runs
    for (const action of ["create", "prepare", "converge", "idempotence", "verify", "destroy"]) expect(result.all).toMatch(new RegExp(`default\\s+${action}\\s+web1\\s+ok`));
    expect(result.exitCode).toBe(0);
    await expectNothingLeft(prefix, ephemeralDir);
  });

  it("converges a container that serves the role's page, checked inside and from the host", async () => {
    const { prefix, ephemeralDir, port, env } = await run("converge");
    try {
      const converge = await isomer(ROLE, ["converge"], env);
      expect(converge.exitCode, converge.all).toBe(0);
      const id = (await execa("ls", [runtimeStateRoot()])).stdout.split("\n").find((name) => name.startsWith(prefix))!;
      const inside = (argv: string[]) => execa(runtimeBinary(env), ["--root", runtimeStateRoot(), "exec", id, ...argv], { reject: false });
      expect((await inside(["getent", "passwd", "www-site"])).stdout).toMatch(/^www-site:x:\d+:\d+::\/srv\/www:\/usr\/sbin\/nologin$/);
      expect((await inside(["cat", "/etc/nginx/sites-enabled/isomer-site"])).stdout).toContain("listen 8080;");
      expect((await inside(["sh", "-c", "kill -0 $(cat /run/nginx.pid) && echo running"])).stdout).toBe("running");
      expect((await inside(["cat", "/etc/hostname"])).stdout).toBe("web1");
      const page = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
      expect(page).toContain("Served by web1 (Debian bookworm)");
      // `isomer login` under a pseudo-terminal (util-linux `script`): the shell has a tty of its own
      const login = await execa("script", ["-qec", `node ${CLI} login`, "/dev/null"], { cwd: ROLE, env, input: "tty; hostname; exit\n", reject: false });
      expect(login.stdout).toMatch(/\/dev\/pts\/\d+/);
      expect(login.stdout).toMatch(/^web1\r?$/m);
    } finally {
      const destroy = await isomer(ROLE, ["destroy"], env);
      expect(destroy.exitCode, destroy.all).toBe(0);
    }
    await expectNothingLeft(prefix, ephemeralDir);
  });

  it("cleans up with `isomer destroy` after isomer was killed with SIGKILL during converge", async () => {
    const { prefix, ephemeralDir, env } = await run("kill9");
    const child = isomer(ROLE, ["converge"], env, true);
    const seen = { text: "" };
    await waitForOutput(child, /TASK \[webserver : Install nginx\]/, seen);
    process.kill(child.pid!, "SIGKILL");
    await child;
    expect(recordedResources(ephemeralDir).length).toBeGreaterThan(0);
    try { process.kill(-child.pid!, "SIGKILL"); } catch { /* the group is gone already */ } // orphaned ansible-playbook
    const destroy = await isomer(ROLE, ["destroy"], env);
    expect(destroy.exitCode, destroy.all).toBe(0);
    await expectNothingLeft(prefix, ephemeralDir);
    const again = await isomer(ROLE, ["destroy"], env);
    expect(again.exitCode, again.all).toBe(0);
  });

  it("destroys and exits 130 on Ctrl-C during test", async () => {
    const { prefix, ephemeralDir, env } = await run("sigint");
    const child = isomer(ROLE, ["test"], env, true);
    const seen = { text: "" };
    await waitForOutput(child, /TASK \[webserver : Install nginx\]/, seen);
    process.kill(-child.pid!, "SIGINT"); // what a terminal's Ctrl-C does: the whole foreground group
    const result = await child;
    expect(result.all).toMatch(/destroy/);
    expect(result.exitCode).toBe(130);
    await expectNothingLeft(prefix, ephemeralDir);
  });

  it("shows Ansible's error and destroys when converge fails", async () => {
    const { prefix, ephemeralDir, env } = await run("fail");
    const role = join(scratch, "webserver-broken");
    cpSync(ROLE, role, { recursive: true });
    writeFileSync(join(role, "molecule", "default", "converge.yml"), [
      "---", "- name: Converge", "  hosts: all", "  gather_facts: false", "  tasks:",
      "    - name: Install a package that does not exist",
      "      ansible.builtin.apt:", "        name: isomer-no-such-package", "        update_cache: true", "",
    ].join("\n"));
    const result = await isomer(role, ["test"], env);
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toContain("No package matching 'isomer-no-such-package'");
    expect(result.all).toMatch(/destroy: ok/);
    await expectNothingLeft(prefix, ephemeralDir);
  });
});
