// The host-module checks, run against any target whose filesystem the test can also read from the
// outside (`fsRoot`: "/" for the local host, the container's mounted rootfs otherwise), so every
// value the verifier reports is compared with one read independently, not merely checked for shape.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { release } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CommandFailedError, type Host, UnsupportedError } from "../../../verifiers/index.js";
import { parseProc, PROC_COMMAND } from "../../../verifiers/modules/process.js";

// What a target gives the suite.
export interface SuiteTarget {
  label: string;
  host: () => Host;
  fsRoot: () => string;
  hostname: () => string;
  // block device present on the target, or undefined (containers have none)
  blockDevice?: string;
  // iptables usable on the target
  iptables: boolean;
}

const TAG = `isomer-test-verifiers-${process.pid}`;
const passwd = (root: string) => readFileSync(join(root, "etc/passwd"), "utf8").split("\n").map((l) => l.split(":"));
function dpkgVersion(root: string, pkg: string): string | undefined {
  const status = readFileSync(join(root, "var/lib/dpkg/status"), "utf8");
  const block = status.split("\n\n").find((b) => b.startsWith(`Package: ${pkg}\n`) && /\nStatus: install ok installed\n/.test(b));
  return block ? /\nVersion: (.*)/.exec(block)?.[1] : undefined;
}

// Register the suite's tests for `t`.
export function moduleSuite(t: SuiteTarget): void {
  let host: Host;
  let root: string;
  const port = 20000 + (process.pid % 20000);
  const sockPath = `/tmp/${TAG}.sock`;
  let listenerPid = 0;

  beforeAll(async () => {
    host = t.host();
    root = t.fsRoot();
    // a listener: tcp (with one client connected to itself), udp and a unix socket, then it waits
    const script = [
      "import socket, os, time",
      `s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", ${port})); s.listen(5)`,
      `c = socket.create_connection(("127.0.0.1", ${port})); a, _ = s.accept()`,
      `u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", ${port}))`,
      `x = socket.socket(socket.AF_UNIX); x.bind("${sockPath}"); x.listen(1)`,
      `open("/tmp/${TAG}.ready", "w").write(str(os.getpid()))`,
      "time.sleep(900)",
    ].join("\n");
    await host.runExpect([0], "rm -f %s; setsid /usr/bin/python3 -c %s >/dev/null 2>&1 </dev/null &", sockPath, script);
    for (let i = 0; i < 200 && !(await host.file(`/tmp/${TAG}.ready`).exists); i++) await new Promise((r) => setTimeout(r, 50));
    listenerPid = Number(await host.checkOutput("cat %s", `/tmp/${TAG}.ready`));
    // a SysV service: running while its flag file exists, enabled in runlevel 2
    await host.runExpect([0], "printf '%%s\\n' '#!/bin/sh' 'case \"$1\" in status) test -e /tmp/%s.run ;; *) exit 0 ;; esac' > /etc/init.d/%s && chmod 755 /etc/init.d/%s && ln -sf ../init.d/%s /etc/rc2.d/S01%s", TAG, TAG, TAG, TAG, TAG);
  });
  afterAll(async () => {
    if (!host) return;
    if (listenerPid) await host.run("kill %s", listenerPid);
    await host.run("rm -f %s %s /etc/init.d/%s /etc/rc2.d/S01%s /tmp/%s.run %s", sockPath, `/tmp/${TAG}.ready`, TAG, TAG, TAG, `/tmp/${TAG} it's.txt`);
  });

  describe(`${t.label}: command API`, () => {
    it("quotes arguments, so a path with spaces and quotes is one word", async () => {
      const path = `/tmp/${TAG} it's.txt`;
      await host.runExpect([0], "printf %s > %s", "hello $HOME `x`", path);
      expect(readFileSync(join(root, path), "utf8")).toBe("hello $HOME `x`");
      expect(await host.checkOutput("cat %s", path)).toBe("hello $HOME `x`");
    });
    it("runExpect throws with the instance, command and stderr; exists finds commands", async () => {
      await expect(host.runExpect([0], "ls %s", "/isomer-nope")).rejects.toThrow(CommandFailedError);
      await expect(host.runExpect([0], "ls %s", "/isomer-nope")).rejects.toThrow(new RegExp(`on \`${host.name}\`: command \`ls /isomer-nope\` exited 2`));
      expect(await host.exists("sh")).toBe(true);
      expect(await host.exists("isomer-no-such-command")).toBe(false);
    });
    it("sudo(user) runs commands as that user", async () => {
      expect(await host.sudo("nobody").checkOutput("id -un")).toBe("nobody");
      expect(await host.checkOutput("id -u")).toBe("0");
    });
  });

  describe(`${t.label}: file`, () => {
    it("reports type, owner, mode, size, mtime as stat sees them", async () => {
      const st = statSync(join(root, "etc/passwd"));
      const f = host.file("/etc/passwd");
      expect([await f.exists, await f.isFile, await f.isDirectory, await f.isSymlink]).toEqual([true, true, false, false]);
      expect([await f.user, await f.group, await f.uid, await f.gid]).toEqual(["root", "root", st.uid, st.gid]);
      expect(await f.mode).toBe(st.mode & 0o7777);
      expect(await f.size).toBe(st.size);
      expect((await f.mtime).getTime()).toBe(Math.floor(st.mtimeMs / 1000) * 1000);
      expect(await host.file("/etc").isDirectory).toBe(true);
      expect(await host.file("/isomer-nope").exists).toBe(false);
    });
    it("reads content, checksums, grep matches, directory entries and symlinks", async () => {
      const bytes = readFileSync(join(root, "etc/passwd"));
      const f = host.file("/etc/passwd");
      expect(await f.contentString).toBe(bytes.toString("utf8"));
      expect((await f.content).equals(bytes)).toBe(true);
      expect(await f.sha256sum).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(await f.contains("^root:x:0:0:")).toBe(true);
      expect(await f.contains("^isomer-nope:")).toBe(false);
      expect(await host.file("/etc/apt").listdir()).toEqual(readdirSync(join(root, "etc/apt")).sort());
      await host.runExpect([0], "ln -sfn /etc/passwd %s", `/tmp/${TAG}.link`);
      expect(await host.file(`/tmp/${TAG}.link`).isSymlink).toBe(true);
      expect(await host.file(`/tmp/${TAG}.link`).linkedTo).toBe("/etc/passwd");
      await host.run("rm -f %s", `/tmp/${TAG}.link`);
    });
  });

  describe(`${t.label}: matchers`, () => {
    it("pass on what is there", async () => {
      await expect(host.package("bash")).toBeInstalled();
      await expect(host.package("isomer-nope")).not.toBeInstalled();
      await expect(host.file("/etc/passwd")).toExist();
      await expect(host.file("/etc/passwd")).toBeFile();
      await expect(host.file("/etc")).toBeDirectory();
      await expect(host.file("/etc/passwd")).toHaveMode(statSync(join(root, "etc/passwd")).mode & 0o7777);
      await expect(host.file("/etc/passwd")).toContain("^root:");
      await expect(host.user("root")).toExist();
      await expect(host.socket(`tcp://${port}`)).toBeListening();
      expect([1, 2]).toContain(2);
      expect("abc").toContain("b");
    });
    it("fail with the instance, the check and what was found", async () => {
      const mode = (statSync(join(root, "etc/passwd")).mode & 0o7777).toString(8).padStart(4, "0");
      await expect(expect(host.file("/etc/passwd")).toHaveMode(0o600)).rejects.toThrow(
        new RegExp(`^instance \`${host.name}\`: expected file \`/etc/passwd\` to have mode \`0600\`\nfound: mode \`${mode}\`\n  \\$ stat -c %a /etc/passwd`),
      );
      await expect(expect(host.package("isomer-nope")).toBeInstalled()).rejects.toThrow(/expected package `isomer-nope` to be installed\nfound: not installed \(dpkg-query: no packages found matching isomer-nope\)/);
      await expect(expect(host.package("bash")).not.toBeInstalled()).rejects.toThrow(new RegExp(`not to be installed\nfound: installed, version \`${dpkgVersion(root, "bash")!.replace(/[.+]/g, "\\$&")}\``));
      await expect(expect(host.socket("tcp://1")).toBeListening()).rejects.toThrow(new RegExp(`found: listening sockets: .*tcp://127.0.0.1:${port}`));
      await expect(expect(host.service(TAG)).toBeEnabled()).resolves.toBeUndefined();
      await expect(expect(host.service("isomer-nope")).toBeRunning()).rejects.toThrow(/expected service `isomer-nope` to be running\nfound: sysvinit says:/);
      await expect(expect(host.file("/etc/hostname")).toContain("isomer-no-such-text")).rejects.toThrow(/found: content \(\d+ bytes\):\n/);
      await expect(expect(host.file("/isomer-nope")).toExist()).rejects.toThrow(/found: it does not exist\n  \$ test -e \/isomer-nope\n    exit 1/);
    });
  });

  describe(`${t.label}: package, service`, () => {
    it("package: dpkg's status and version, and a missing package", async () => {
      expect(await host.package("bash").isInstalled).toBe(true);
      expect(await host.package("bash").version).toBe(dpkgVersion(root, "bash"));
      expect(await host.package("isomer-no-such-package").isInstalled).toBe(false);
      await expect(host.package("bash").release).rejects.toThrow(/records no release/);
    });
    it("service: SysV script status, rc2.d link, validity", async () => {
      const svc = host.service(TAG);
      expect(await svc.initSystem).toBe(existsSync(join(root, "run/systemd/system")) ? "systemd" : "sysvinit");
      expect(await svc.isValid).toBe(true);
      expect(await svc.isRunning).toBe(false);
      await host.runExpect([0], "touch %s", `/tmp/${TAG}.run`);
      expect(await svc.isRunning).toBe(true);
      expect(await svc.isEnabled).toBe(true);
      expect(await svc.isMasked).toBe(false);
      expect(await host.service("isomer-no-such-service").isValid).toBe(false);
      expect(await host.service("isomer-no-such-service").isEnabled).toBe(false);
    });
  });

  describe(`${t.label}: user, group`, () => {
    it("user: passwd and shadow fields of root and of a system account", async () => {
      const rootEntry = passwd(root).find((f) => f[0] === "root")!;
      const u = host.user("root");
      expect([await u.exists, await u.uid, await u.gid, await u.home, await u.shell]).toEqual([true, 0, 0, rootEntry[5], rootEntry[6]]);
      expect(await u.group).toBe("root");
      expect(await u.groups).toContain("root");
      const shadow = readFileSync(join(root, "etc/shadow"), "utf8").split("\n").find((l) => l.startsWith("root:"))!.split(":");
      expect(await u.password).toBe(shadow[1]);
      expect(await u.expiration).toBe(null);
      const nobody = passwd(root).find((f) => f[0] === "nobody")!;
      expect(await host.user("nobody").uid).toBe(Number(nobody[2]));
      expect(await host.user("isomer-nope").exists).toBe(false);
    });
    it("group: gid and members from the group database", async () => {
      const line = readFileSync(join(root, "etc/group"), "utf8").split("\n").find((l) => l.startsWith("adm:"))!.split(":");
      expect(await host.group("adm").exists).toBe(true);
      expect(await host.group("adm").gid).toBe(Number(line[2]));
      expect(await host.group("adm").members).toEqual(line[3] ? line[3].split(",") : []);
      expect(await host.group("isomer-nope").exists).toBe(false);
    });
  });

  describe(`${t.label}: socket, process`, () => {
    it("socket: tcp, udp and unix listeners; clients of the tcp one", async () => {
      expect(await host.socket(`tcp://${port}`).isListening).toBe(true);
      expect(await host.socket(`tcp://127.0.0.1:${port}`).isListening).toBe(true);
      expect(await host.socket(`tcp://0.0.0.0:${port}`).isListening).toBe(false);
      expect(await host.socket(`udp://127.0.0.1:${port}`).isListening).toBe(true);
      expect(await host.socket(`unix://${sockPath}`).isListening).toBe(true);
      expect(await host.socket("tcp://1").isListening).toBe(false);
      const clients = await host.socket(`tcp://${port}`).clients;
      expect(clients).toHaveLength(1);
      expect(clients[0]![0]).toBe("127.0.0.1");
    });
    it("process: filter and get by attributes", async () => {
      const p = await host.process().get({ pid: listenerPid });
      expect(p.comm).toBe("python3");
      expect(p.user).toBe("root");
      expect(p.args).toMatch(/^\/usr\/bin\/python3 -c import socket/);
      expect((await host.process().filter({ comm: "python3" })).map((x) => x.pid)).toContain(listenerPid);
      await expect(host.process().get({ comm: "isomer-nope" })).rejects.toThrow(/found 0/);
      // the /proc fallback (images without ps) reports the listener as ps does
      const viaProc = parseProc((await host.runExpect([0, 1], PROC_COMMAND)).stdout).find((x) => x.pid === listenerPid);
      expect(viaProc).toEqual(p);
    });
  });

  describe(`${t.label}: kernel, network, mounts, system`, () => {
    it("sysctl reads /proc/sys with numbers as numbers", async () => {
      expect(await host.sysctl("kernel.hostname")).toBe(t.hostname());
      expect(await host.sysctl("kernel.ostype")).toBe("Linux");
      expect(await host.sysctl("kernel.osrelease")).toBe(release());
    });
    it("interface: lo exists with 127.0.0.1, mtu from /sys; speed of lo is refused", async () => {
      expect(await host.interface("lo").exists).toBe(true);
      expect(await host.interface("lo").addresses).toContain("127.0.0.1");
      expect(await host.interface("lo").mtu).toBe(Number(await host.checkOutput("cat /sys/class/net/lo/mtu")));
      await expect(host.interface("lo").speed).rejects.toThrow(CommandFailedError);
      expect(await host.interface("isomer-nope0").exists).toBe(false);
    });
    it("addr: resolution and TCP reachability from the instance", async () => {
      expect(await host.addr("localhost").isResolvable).toBe(true);
      expect(await host.addr("localhost").ipAddresses).toContain("127.0.0.1");
      expect(await host.addr("isomer-nope.invalid").isResolvable).toBe(false);
      expect(await host.addr("127.0.0.1").port(port).isReachable).toBe(true);
      expect(await host.addr("127.0.0.1").port(1).isReachable).toBe(false);
      if (!(await host.exists("ping"))) await expect(host.addr("127.0.0.1").isReachable).rejects.toThrow(UnsupportedError);
    });
    it("mountPoint: /proc is procfs, / is mounted", async () => {
      expect(await host.mountPoint("/proc").filesystem).toBe("proc");
      expect(await host.mountPoint("/").exists).toBe(true);
      expect(await host.mountPoint("/isomer-nope").exists).toBe(false);
    });
    it("systemInfo and environment", async () => {
      const osRelease = readFileSync(join(root, "etc/os-release"), "utf8");
      const info = await host.systemInfo();
      expect(info.type).toBe("linux");
      expect(info.distribution).toBe("debian");
      expect(info.release).toBe(/VERSION_ID="?([^"\n]*)/.exec(osRelease)![1]);
      expect(info.codename).toBe(/VERSION_CODENAME=(.*)/.exec(osRelease)![1]);
      expect(info.arch).toBe({ x64: "x86_64", arm64: "aarch64" }[process.arch as string] ?? process.arch);
      const env = await host.environment();
      expect(env.PATH).toMatch(/\/usr\/bin/);
      expect(env.HOME ?? "/root").toBe("/root");
    });
    it("pipPackage: distributions Debian's python3 has installed", async () => {
      const dist = "/usr/local/lib/python3.11/dist-packages";
      await host.runExpect([0], "mkdir -p %s && printf 'Metadata-Version: 2.1\\nName: isomer-probe-%s\\nVersion: 1.2.3\\n' %s > %s/METADATA", `${dist}/isomer_probe_${process.pid}-1.2.3.dist-info`, String(process.pid), String(process.pid), `${dist}/isomer_probe_${process.pid}-1.2.3.dist-info`);
      try {
        const p = host.pipPackage(`isomer-probe-${process.pid}`, "/usr/bin/python3");
        expect(await p.isInstalled).toBe(true);
        expect(await p.version).toBe("1.2.3");
        expect(await host.pipPackage("isomer-no-such-dist", "/usr/bin/python3").isInstalled).toBe(false);
      } finally {
        await host.run("rm -rf %s", `${dist}/isomer_probe_${process.pid}-1.2.3.dist-info`);
      }
    });
    it.runIf(t.iptables)("iptables: rules of the filter table", async () => {
      const rules = await host.iptables().rules("filter", "INPUT");
      expect(rules[0]).toMatch(/^-P INPUT (ACCEPT|DROP)$/);
    });
    it("blockdevice: size from /sys, or none in a container", async () => {
      if (!t.blockDevice) {
        expect(await host.blockdevice("/dev/vda").exists).toBe(false);
        return;
      }
      const dev = host.blockdevice(t.blockDevice);
      const name = t.blockDevice.replace("/dev/", "");
      expect(await dev.exists).toBe(true);
      expect(await dev.size).toBe(Number(readFileSync(`/sys/block/${name}/size`, "utf8")) * 512);
      expect(await dev.isPartition).toBe(false);
      expect(await dev.sectorSize).toBe(Number(readFileSync(`/sys/block/${name}/queue/logical_block_size`, "utf8")));
    });
  });
}
