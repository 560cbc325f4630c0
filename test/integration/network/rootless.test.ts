// The rootless scenario network for real, driven by an ordinary user (root only creates the user and
// looks from outside): the holder and pasta run as that user, two stand-in containers (processes
// that joined the holder's user namespace and made their own net + mount namespaces; the rootless
// driver's tests do the same with isomer-runtime) reach each other by name, the host's loopback at
// pasta's mapped address and Debian's mirror by name; a published port answers on the host's
// 127.0.0.1; destroy leaves no process and no file, also after a kill -9 in the middle of create.
// The user's half runs test/helpers/rootless-net-cli.mjs against dist/ (`npm run build` first).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, chmodSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ResultPromise } from "execa";
import { renderHosts } from "../../../src/runtime/network/files.js";
import { rootlessResolvConf, type RootlessNetworkRecord, type RootlessPlan } from "../../../src/runtime/network/rootless/index.js";
import { processStartTime } from "../../../src/util/owner.js";
import { unprivilegedUser, type UnprivilegedUser } from "../../helpers/unprivileged-user.js";

const isRoot = process.getuid?.() === 0;
const CLI = join(import.meta.dirname, "../../helpers/rootless-net-cli.mjs");
const USER = "isomer-net-test";

// Every process on the host whose command line mentions `text`.
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
      if (argv.includes(text)) found.push(`${pid}: ${argv}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe.skipIf(!isRoot)("rootless scenario network, driven by an ordinary user", () => {
  let user: UnprivilegedUser;
  let scratch: string;
  let plan: RootlessPlan;
  let network: RootlessNetworkRecord;
  const containers: number[] = [];
  const attachMs: number[] = [];
  let webServer: ResultPromise | undefined;
  let hostServer: Server | undefined;
  let hostPort = 0;
  let publishedPort = 0;

  // Runs a verb of the user's half with `request` on stdin and returns its JSON answer.
  async function cli<T>(verb: string, request: unknown): Promise<T> {
    const result = await user.run(["node", CLI, verb], { input: JSON.stringify(request), reject: false, cwd: scratch });
    if (result.exitCode !== 0) throw new Error(`rootless-net-cli ${verb} failed (${result.exitCode}): ${result.stderr}`);
    return JSON.parse(String(result.stdout)) as T;
  }

  // argv as the user inside container `index` (its net and mount namespaces, the holder's user namespace).
  function inContainer(index: number, argv: string[], options: { reject?: boolean } = {}) {
    const pid = containers[index]!;
    const ns = [`--user=/proc/${network.holder!.pid}/ns/user`, `--net=/proc/${pid}/ns/net`, `--mount=/proc/${pid}/ns/mnt`, "--preserve-credentials", "--"];
    return user.run(["nsenter", ...ns, ...argv], { reject: options.reject ?? false });
  }

  // `path` (written with `text` when given) handed to the user.
  function ownedByUser(path: string, text?: string): string {
    if (text !== undefined) writeFileSync(path, text);
    chownSync(path, user.uid, user.gid);
    return path;
  }

  beforeAll(async () => {
    user = unprivilegedUser(USER);
    scratch = ownedByUser(mkdtempSync(join(tmpdir(), "isomer-test-rootless-net-")));
    chmodSync(scratch, 0o755);
    publishedPort = await freePort();
    plan = await cli<RootlessPlan>("plan", {
      key: `isomer-test-rootless-net-${process.pid}`, parent: scratch,
      instances: [{ id: "isomer-test-rl-alpha" }, { id: "isomer-test-rl-beta", ports: [{ hostIp: "127.0.0.1", hostPort: publishedPort, containerPort: 8080, protocol: "tcp" }] }],
    });
    network = (await cli<{ network: RootlessNetworkRecord }>("create", { network: plan.network })).network;
    for (const [index, attachment] of plan.attachments.entries()) {
      const { pid } = await cli<{ pid: number }>("container", { network, pidFile: join(scratch, `container-${index}.pid`) });
      containers.push(pid);
      attachMs.push((await cli<{ ms: number }>("attach", { network, attachment, pid })).ms);
    }
    // what the driver writes into each bundle: /etc/hosts from the planned addresses, resolv.conf
    const names = ["alpha", "beta"];
    const entries = plan.attachments.map((a, i) => ({ address: a.address, names: [names[i]!] }));
    for (const [index, name] of names.entries()) {
      const hosts = ownedByUser(join(scratch, `hosts-${name}`), renderHosts(name, entries));
      const resolv = ownedByUser(join(scratch, `resolv-${name}`), rootlessResolvConf(network));
      const mounted = await inContainer(index, ["sh", "-c", 'mount --bind "$0" /etc/hosts && mount --bind "$1" /etc/resolv.conf', hosts, resolv]);
      if (mounted.exitCode !== 0) throw new Error(`bind-mounting hosts/resolv.conf into ${name}: ${mounted.stderr}`);
    }
    const www = join(scratch, "www");
    mkdirSync(www);
    writeFileSync(join(www, "index.html"), "hello from beta\n");
    const pid = containers[1]!;
    webServer = user.run(["nsenter", `--user=/proc/${network.holder!.pid}/ns/user`, `--net=/proc/${pid}/ns/net`, "--preserve-credentials", "--", "busybox", "httpd", "-f", "-p", "8080", "-h", www], { reject: false });
    hostServer = createServer((_, response) => response.end("hello from the host\n"));
    await new Promise<void>((resolve) => hostServer!.listen(0, "127.0.0.1", resolve));
    hostPort = (hostServer.address() as { port: number }).port;
    for (let up = false; !up; ) up = (await inContainer(0, ["curl", "-s", "-o", "/dev/null", "http://beta:8080/index.html"])).exitCode === 0;
  });

  afterAll(async () => {
    webServer?.kill("SIGKILL");
    await webServer?.catch(() => undefined);
    hostServer?.close();
    if (network) await cli("destroy", { network }).catch(() => undefined);
    for (const pid of containers) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone
      }
    }
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    user?.remove();
  });

  it("runs the holder and pasta as the user, as recorded", () => {
    for (const ref of [network.holder!, network.pasta!]) {
      const status = readFileSync(`/proc/${ref.pid}/status`, "utf8");
      expect(status).toMatch(new RegExp(`^Uid:\\s+${user.uid}\\s`, "m"));
      expect(processStartTime(ref.pid)).toBe(ref.startTime);
    }
    expect(readFileSync(`/proc/${network.holder!.pid}/cmdline`, "utf8").split("\0")[0]).toBe(`isomer-net-holder ${network.dir}`);
    expect(readFileSync(`/proc/${network.holder!.pid}/uid_map`, "utf8")).toMatch(new RegExp(`^\\s*0\\s+${user.uid}\\s+1\\n\\s*1\\s+\\d+\\s+\\d+\\n$`));
    console.log(`rootless attach per container: ${attachMs.map((ms) => `${ms.toFixed(1)} ms`).join(", ")}`);
  });

  it("gives each instance its planned address and a default route through the holder's bridge", async () => {
    for (const [index, attachment] of plan.attachments.entries()) {
      const address = await inContainer(index, ["ip", "-4", "-o", "addr", "show", "dev", "eth0"]);
      expect(address.stdout).toContain(`inet ${attachment.address}/${attachment.prefix}`);
      const route = await inContainer(index, ["ip", "route", "show", "default"]);
      expect(route.stdout).toContain(`default via ${network.gateway} dev eth0`);
    }
  });

  it("lets the instances reach each other by the names in /etc/hosts", async () => {
    const result = await inContainer(0, ["curl", "-sS", "http://beta:8080/index.html"]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("hello from beta");
  });

  it("publishes a port of an instance on the host's 127.0.0.1", async () => {
    const text = await fetch(`http://127.0.0.1:${publishedPort}/index.html`).then((r) => r.text());
    expect(text).toBe("hello from beta\n");
  });

  it("reaches a server on the host's loopback at the address pasta maps to it", async () => {
    expect(network.hostLoopback).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const result = await inContainer(0, ["curl", "-sS", `http://${network.hostLoopback}:${hostPort}/`]);
    expect(result.stdout).toBe("hello from the host");
  });

  it("resolves and fetches from Debian's mirror through pasta's DNS forwarder", async () => {
    expect((await inContainer(0, ["cat", "/etc/resolv.conf"])).stdout).toMatch(new RegExp(`^nameserver ${network.dns.replaceAll(".", "\\.")}$`, "m"));
    const lookup = await inContainer(0, ["getent", "hosts", "deb.debian.org"]);
    expect(lookup.stdout).toMatch(/deb\.debian\.org/);
    const release = await inContainer(0, ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{size_download}", "http://deb.debian.org/debian/dists/bookworm/Release"]);
    expect(release.stderr).toBe("");
    expect(release.stdout).toMatch(/^200 [1-9]\d{4,}$/);
  });

  it("puts nothing into the host's network namespace", async () => {
    const { execa } = await import("execa");
    for (const attachment of plan.attachments)
      expect((await execa("ip", ["link", "show", "dev", attachment.vethHost], { reject: false })).exitCode).not.toBe(0);
    expect((await execa("ip", ["link", "show", "dev", network.bridge], { reject: false })).exitCode).not.toBe(0);
  });

  it("destroy leaves no process and no file, and can run again", async () => {
    webServer?.kill("SIGKILL");
    await webServer?.catch(() => undefined);
    for (const pid of containers.splice(0)) process.kill(pid, "SIGKILL");
    await cli("destroy", { network });
    expect(processesMentioning(network.dir)).toEqual([]);
    expect(existsSync(network.dir)).toBe(false);
    expect(existsSync(`/proc/${network.pasta!.pid}/cmdline`) && readFileSync(`/proc/${network.pasta!.pid}/cmdline`, "utf8").includes(network.dir)).toBe(false);
    await cli("destroy", { network });
    const again = await fetch(`http://127.0.0.1:${publishedPort}/`).then(() => "answered", () => "refused");
    expect(again).toBe("refused");
  });

  it("destroy from the plan alone cleans up after a kill -9 in the middle of create", async () => {
    for (const stage of ["holder.pid", "pasta.pid"]) {
      const { network: planned } = await cli<RootlessPlan>("plan", { key: `isomer-test-rootless-kill-${stage}`, parent: scratch, instances: [{ id: "x", ports: [{ hostIp: "127.0.0.1", hostPort: await freePort(), containerPort: 80, protocol: "tcp" }] }] });
      const creating = user.run(["node", CLI, "create"], { input: JSON.stringify({ network: planned }), reject: false, cwd: scratch });
      while (!existsSync(join(planned.dir, stage)) && creating.exitCode === null) await new Promise((r) => setTimeout(r, 1));
      creating.kill("SIGKILL");
      await creating;
      expect(processesMentioning(planned.dir).length).toBeGreaterThan(0); // the kill left something to clean up
      await cli("destroy", { network: planned });
      expect(processesMentioning(planned.dir)).toEqual([]);
      expect(existsSync(planned.dir)).toBe(false);
    }
  });
});
