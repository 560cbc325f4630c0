// The embedded driver driven directly (no CLI) on a real Debian rootfs and a real OCI runtime
// (isomer-runtime when built, else runc standing in: same command line): two instances reach each
// other by name, a published port answers on 127.0.0.1, volumes and env arrive, and destroy —
// also from state re-read after the creating process is gone — leaves nothing behind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isomerDriver } from "../../../src/drivers/isomer/index.js";
import { StateStore } from "../../../src/scenario/state.js";
import { packageRoot } from "../../../src/util/paths.js";
import { debianImage } from "../../helpers/debian.js";
import { driverContext } from "./context.js";
import { leftoversMatching, scenarioLeftovers } from "../../helpers/leftovers.js";

const isRoot = process.getuid?.() === 0;
const PREFIX = "isomer-test-d1drv";
// native/build/isomer-runtime when built, else runc (same CLI); ISOMER_TEST_DRIVER_RUNTIME=runc forces runc
const native = join(packageRoot(), "native", "build", "isomer-runtime");
const chosen = process.env.ISOMER_TEST_DRIVER_RUNTIME !== "runc" && existsSync(native) ? native : "runc";

describe.skipIf(!isRoot)("embedded driver", () => {
  const dir = mkdtempSync(join(tmpdir(), "isomer-test-d1drv-"));
  const cacheDir = join(dir, "packages");
  const env = { ...process.env, ISOMER_CONTAINER_PREFIX: PREFIX, ISOMER_RUNTIME: chosen, ISOMER_PACKAGE_CACHE_DIR: cacheDir };
  const driver = isomerDriver("docker");
  const platforms = [
    { name: "alpha", image: "debian:bookworm", groups: [], children: [], published_ports: [], env: { GREETING: "hello" }, volumes: [`${dir}/shared:/srv/shared:ro`, "/var/anon", "/bin/busybox:/opt/busybox:ro"], cap_drop: ["CHOWN"], ulimits: ["nofile=1024:2048", "nproc:50000:60000"], security_opts: ["no-new-privileges"] },
    // busybox (host's static build, bound read-only) serves and fetches: Debian's image has no python3
    { name: "beta", image: "debian:bookworm", groups: [], children: [], published_ports: [{ hostIp: "127.0.0.1", containerPort: 8080, protocol: "tcp" }], volumes: ["/bin/busybox:/opt/busybox:ro"], security_opts: ["seccomp=unconfined"] },
    { name: "gamma", image: "debian:bookworm", groups: [], children: [], published_ports: [], network_mode: "host", command: "sleep infinity", privileged: true, stop_signal: "SIGINT" },
  ];
  let ctx = driverContext(dir, platforms, env);
  let bridge = "";

  beforeAll(async () => {
    await debianImage("bookworm");
    rmSync(join(dir, "shared"), { recursive: true, force: true });
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(dir, "shared"));
    writeFileSync(join(dir, "shared", "note"), "from the host\n");
    await driver.create(ctx, platforms);
    bridge = ctx.store.resources().find((r) => r.kind === "bridge")?.id ?? "";
  });

  afterAll(async () => {
    await driver.destroy(driverContext(dir, platforms, env)).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (instance: string, script: string) => driver.exec!(ctx, instance, ["sh", "-c", script]);

  it("records every resource in state.yml", () => {
    const kinds = new StateStore(ctx.ephemeralDir).get().isomer.resources.map((r) => `${r.kind}:${r.instance ?? ""}`);
    expect(kinds).toEqual(expect.arrayContaining(["bridge:", "network:alpha", "network:beta", "bundle:alpha", "bundle:beta", "container:alpha", "container:beta"]));
  });

  it("keeps each container's stop signal in its resource record, for destroy", () => {
    const containers = new StateStore(ctx.ephemeralDir).get().isomer.resources.filter((r) => r.kind === "container");
    expect(Object.fromEntries(containers.map((r) => [r.instance, r.data?.stopSignal]))).toEqual({ alpha: undefined, beta: undefined, gamma: "SIGINT" });
  });

  it("runs the keep-alive command with the platform's hostname, env and volumes", async () => {
    const result = await run("alpha", 'cat /etc/hostname; echo "$GREETING"; cat /srv/shared/note; touch /srv/shared/x 2>/dev/null || echo ro; touch /var/anon/x && echo anon; cat /proc/1/cmdline | tr "\\0" " "; echo');
    expect(result.stdout).toBe("alpha\nhello\nfrom the host\nro\nanon\nbash -c while true; do sleep 10000; done \n");
  });

  it("resolves the other instance by name and reaches it", async () => {
    await driver.exec!(ctx, "beta", ["sh", "-c", "mkdir -p /www && echo served-by-beta > /www/index.html && /opt/busybox httpd -p 8080 -h /www"]);
    const script = `getent hosts beta | cut -d' ' -f1; for i in $(seq 50); do /opt/busybox wget -q -O - http://beta:8080/index.html 2>/dev/null && break; sleep 0.1; done`;
    const result = await run("alpha", script);
    const beta = (ctx.store.driverData().instances as Record<string, { address: string }>).beta.address;
    expect(result.stdout).toBe(`${beta}\nserved-by-beta\n`);
  });

  it("shares the host's network with network_mode: host and runs the given command", async () => {
    const { readlinkSync } = await import("node:fs");
    const result = await run("gamma", "readlink /proc/self/ns/net; cat /proc/1/cmdline | tr '\\0' ' '");
    expect(result.stdout).toBe(`${readlinkSync("/proc/self/ns/net")}\nsleep infinity `);
    expect(ctx.store.resources().filter((r) => r.instance === "gamma").map((r) => r.kind)).toEqual(["bundle", "container"]);
  });

  it("applies cap_drop and privileged as Docker does", async () => {
    const capEff = async (instance: string) => BigInt("0x" + /CapEff:\s*([0-9a-f]+)/.exec((await run(instance, "cat /proc/self/status")).stdout)![1]);
    const CHOWN = 1n << 0n;
    const SYS_ADMIN = 1n << 21n;
    expect((await capEff("alpha")) & CHOWN).toBe(0n);
    expect((await capEff("alpha")) & SYS_ADMIN).toBe(0n);
    expect((await capEff("beta")) & CHOWN).toBe(CHOWN);
    expect((await capEff("gamma")) & SYS_ADMIN).toBe(SYS_ADMIN);
  });

  it("sends the bridge's HTTP through the package cache, which keeps what it fetched from the mirror", async () => {
    // Debian's mirror, as apt in an instance reaches it (needs the network CI's apt needs too)
    const path = "/debian/dists/bookworm/Release";
    const result = await run("alpha", `/opt/busybox wget -q -O - http://deb.debian.org${path} | head -1`);
    expect(result.stdout).toMatch(/^Origin: Debian/);
    // the cache renames the file into place when the mirror's answer ends, which can be after
    // `head -1` has closed the client's side
    const cached = join(cacheDir, "cache", "deb.debian.org", path);
    for (let i = 0; i < 300 && !existsSync(cached); i++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(cached)).toBe(true);
    expect(ctx.store.resources().filter((r) => r.kind === "package-lease").map((r) => r.instance ?? r.id).sort()).toEqual([
      expect.stringMatching(/-alpha$/), expect.stringMatching(/-beta$/),
    ]);
  });

  it("applies ulimits and security_opts: Docker's seccomp profile unless unconfined or privileged", async () => {
    const status = async (instance: string) => (await run(instance, "grep -E '^(Seccomp|NoNewPrivs):' /proc/self/status | tr -s '\t ' ' '")).stdout;
    expect(await status("alpha")).toBe("NoNewPrivs: 1\nSeccomp: 2\n");
    expect(await status("beta")).toBe("NoNewPrivs: 0\nSeccomp: 0\n");
    expect(await status("gamma")).toBe("NoNewPrivs: 0\nSeccomp: 0\n");
    expect((await run("alpha", "grep -E '^Max (open files|processes)' /proc/1/limits | tr -s ' ' ' '")).stdout).toBe("Max processes 50000 60000 processes \nMax open files 1024 2048 files \n");
  });

  it("answers fsync at once under its seccomp profile (fsync of /dev/null, EINVAL when real, succeeds)", async () => {
    const dd = "dd if=/dev/zero of=/dev/null count=1 conv=fsync 2>&1; echo rc=$?";
    expect((await run("alpha", dd)).stdout).toMatch(/rc=0\n$/);
    expect((await run("alpha", "echo kept > /tmp/synced && sync && cat /tmp/synced")).stdout).toBe("kept\n");
    // no seccomp profile (unconfined, privileged): the kernel's own fsync
    for (const instance of ["beta", "gamma"]) expect((await run(instance, dd)).stdout).toMatch(/fsync failed for .\/dev\/null.: Invalid argument[^]*rc=1\n$/);
  });

  it("publishes a port on the host's 127.0.0.1", async () => {
    const ports = (ctx.store.driverData().instances as Record<string, { ports: { hostPort: number }[] }>).beta.ports;
    const text = await fetch(`http://127.0.0.1:${ports[0]!.hostPort}/index.html`).then((r) => r.text());
    expect(text).toBe("served-by-beta\n");
  });

  it("gives connection options for the Ansible plugin", async () => {
    const options = await driver.connectionOptions(ctx, "alpha");
    expect(options).toEqual({ ansible_connection: "isomer", isomer_runtime: env.ISOMER_RUNTIME, isomer_root: expect.any(String), isomer_container: expect.stringMatching(/^isomer-test-d1drv-[0-9a-f]{6}-alpha$/) });
  });

  it("destroys everything from state re-read from disk, and again when all is gone", async () => {
    ctx = driverContext(dir, platforms, env); // a new process: only state.yml carries over
    await driver.destroy(ctx);
    expect(new StateStore(ctx.ephemeralDir).get().isomer.resources).toEqual([]);
    expect(await scenarioLeftovers({ prefix: PREFIX, ephemeralDir: ctx.ephemeralDir, instances: platforms.map((p) => p.name) })).toEqual([]);
    expect(await leftoversMatching(bridge, cacheDir)).toEqual([]);
    expect(existsSync(join(cacheDir, "server.json"))).toBe(false);
    await driver.destroy(driverContext(dir, platforms, env));
    expect((await driver.status!(ctx)).map((s) => s.created)).toEqual([false, false, false]);
  });
});
