// The SSH backend against a real OpenSSH server (Debian's openssh-server) started for the test on
// loopback: key login as root, password login as a throw-away user, one connection kept open
// across checks. Skips without root or sshd.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendFor, Host, SshBackend } from "../../../verifiers/index.js";

const SSHD = "/usr/sbin/sshd";
const isRoot = process.getuid?.() === 0;
const USER = "isomertestssh";
const PASSWORD = `pw-${process.pid}-Verifiers`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(!isRoot || !existsSync(SSHD))("SSH backend against OpenSSH on loopback (needs root and openssh-server)", () => {
  const dir = mkdtempSync("/tmp/isomer-test-verifiers-ssh-");
  let sshd: ChildProcess | undefined;
  let port = 0;
  const hosts: Host[] = [];

  beforeAll(async () => {
    port = await freePort();
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "host_key")]);
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "client_key")]);
    writeFileSync(join(dir, "authorized_keys"), readFileSync(join(dir, "client_key.pub")));
    writeFileSync(join(dir, "sshd_config"), [
      `Port ${port}`, "ListenAddress 127.0.0.1", `HostKey ${join(dir, "host_key")}`, `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      "StrictModes no", "PasswordAuthentication yes", "KbdInteractiveAuthentication no", "UsePAM yes", "PermitRootLogin prohibit-password",
      `PidFile ${join(dir, "sshd.pid")}`, `AllowUsers root ${USER}`,
    ].join("\n") + "\n");
    execFileSync("mkdir", ["-p", "/run/sshd"]);
    execFileSync("useradd", ["--no-create-home", "--shell", "/bin/sh", USER]);
    execFileSync("chpasswd", [], { input: `${USER}:${PASSWORD}\n` });
    sshd = spawn(SSHD, ["-D", "-e", "-f", join(dir, "sshd_config")], { stdio: ["ignore", "ignore", "pipe"] });
    await new Promise<void>((resolve, reject) => {
      let err = "";
      sshd!.stderr!.on("data", (b: Buffer) => {
        err += b.toString();
        if (/Server listening/.test(err)) resolve();
      });
      sshd!.on("exit", (code) => reject(new Error(`sshd exited ${code}: ${err}`)));
    });
  });
  afterAll(async () => {
    for (const h of hosts) await h.close();
    if (sshd?.pid) process.kill(sshd.pid, "SIGTERM");
    try { execFileSync("userdel", [USER], { stdio: "ignore" }); } catch { /* not created */ }
    rmSync(dir, { recursive: true, force: true });
  });

  it("logs in with a key and keeps one connection for every check", async () => {
    const host = new Host(new SshBackend({ host: "127.0.0.1", port, user: "root", privateKeyFile: join(dir, "client_key") }), { name: "ssh-root" });
    hosts.push(host);
    expect(await host.checkOutput("id -un")).toBe("root");
    const first = await host.checkOutput("echo $SSH_CONNECTION");
    for (let i = 0; i < 3; i++) expect(await host.checkOutput("echo $SSH_CONNECTION")).toBe(first);
    expect(first).toMatch(new RegExp(`^127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1 ${port}$`));
    expect(await host.file("/etc/passwd").mode).toBe(statSync("/etc/passwd").mode & 0o7777);
    expect((await host.run("exit 3")).exitCode).toBe(3);
    expect((await host.run("echo out; echo err >&2")).stderr).toBe("err\n");
  });

  it("logs in with a password, from inventory vars", async () => {
    const backend = backendFor({ name: "pw", connection: "ssh", vars: { ansible_host: "127.0.0.1", ansible_port: port, ansible_user: USER, ansible_password: PASSWORD } });
    const host = new Host(backend, { name: "ssh-password" });
    hosts.push(host);
    expect(await host.checkOutput("id -un")).toBe(USER);
    expect(await host.user(USER).shell).toBe("/bin/sh");
  });

  it("says which login failed", async () => {
    const host = new Host(new SshBackend({ host: "127.0.0.1", port, user: USER, password: "wrong" }), { name: "ssh-bad" });
    await expect(host.run("true")).rejects.toThrow(new RegExp(`ssh to \`${USER}@127\\.0\\.0\\.1:${port}\` failed: All configured authentication methods failed`));
  });
});
