// Real bridges, netns, veths and iptables rules (needs root, iproute2, iptables): two namespaces
// reach each other by name through the generated /etc/hosts, NAT rules appear tagged and go away,
// a published port answers on 127.0.0.1, and nothing of ours is left afterwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa, type ResultPromise } from "execa";
import {
  attach, checkNetworkTools, createBridge, detach, listRules, parsePublishedPort, planAttachment, planBridge,
  publishPorts, removeBridge, renderHosts, type AttachmentRecord, type BridgeRecord,
} from "../../../src/runtime/network/index.js";

const isRoot = process.getuid?.() === 0;
const scratch = mkdtempSync(join(tmpdir(), "isomer-test-net-"));
process.env.ISOMER_NETWORK_STATE = join(scratch, "leases");

// Runs argv inside the named netns `ns` with a private mount namespace whose /etc/hosts is `hosts`.
function inNetns(ns: string, hostsFile: string, argv: string[]) {
  const script = `mount --bind "$0" /etc/hosts && exec "$@"`;
  return execa("ip", ["netns", "exec", ns, "unshare", "--mount", "--propagation", "private", "sh", "-c", script, hostsFile, ...argv], { reject: false });
}

describe.skipIf(!isRoot)("container networking", () => {
  let bridge: BridgeRecord;
  const attachments: AttachmentRecord[] = [];
  const ids = ["isomer-test-net-alpha", "isomer-test-net-beta"];
  let server: ResultPromise | undefined;

  beforeAll(async () => {
    await checkNetworkTools();
    bridge = await planBridge(`test-network-${process.pid}`);
    await createBridge(bridge);
    for (const id of ids) {
      const record = planAttachment(bridge, id);
      attachments.push(record);
      await attach(record);
    }
  });

  afterAll(async () => {
    server?.kill("SIGKILL");
    await server?.catch(() => undefined);
    for (const record of attachments) await detach(record);
    if (bridge) await removeBridge(bridge);
    rmSync(scratch, { recursive: true, force: true });
  });

  it("gives each namespace its own address on the scenario's bridge", async () => {
    expect(attachments.map((a) => a.address)).toHaveLength(2);
    expect(new Set(attachments.map((a) => a.address)).size).toBe(2);
    const { stdout } = await execa("ip", ["-n", attachments[0].netns, "-4", "-o", "addr", "show", "dev", "eth0"]);
    expect(stdout).toContain(`${attachments[0].address}/${bridge.prefix}`);
    const route = await execa("ip", ["-n", attachments[0].netns, "route", "show", "default"]);
    expect(route.stdout).toContain(`via ${bridge.gateway}`);
  });

  it("lets the instances ping each other by name", async () => {
    const entries = ids.map((id, i) => ({ address: attachments[i].address, names: [id.replace("isomer-test-net-", "")] }));
    const hostsFile = join(scratch, "hosts");
    writeFileSync(hostsFile, renderHosts("alpha", entries));
    const result = await inNetns(attachments[0].netns, hostsFile, ["busybox", "ping", "-c", "1", "-W", "5", "beta"]);
    expect(result.stdout + result.stderr).toContain(attachments[1].address);
    expect(result.exitCode).toBe(0);
  });

  it("tags its NAT and FORWARD rules with the bridge", async () => {
    const nat = await listRules(bridge.name, "nat");
    expect(nat.some((line) => line.includes(`-s ${bridge.subnet}`) && line.includes("MASQUERADE"))).toBe(true);
    const filter = await listRules(bridge.name, "filter");
    expect(filter.filter((line) => line.startsWith("-A FORWARD"))).toHaveLength(2);
  });

  it("answers a published port on the host's 127.0.0.1", async () => {
    const mapping = await parsePublishedPort("127.0.0.1::8080");
    await publishPorts(attachments[1], [mapping]);
    const body = join(scratch, "www");
    rmSync(body, { recursive: true, force: true });
    writeFileSync(join(scratch, "index.html"), "hello from beta\n");
    server = execa("ip", ["netns", "exec", attachments[1].netns, "busybox", "httpd", "-f", "-p", "8080", "-h", scratch]);
    let text = "";
    for (let attempt = 0; attempt < 50 && !text; attempt++) {
      text = await fetch(`http://127.0.0.1:${mapping.hostPort}/index.html`).then((r) => r.text()).catch(() => "");
      if (!text) await new Promise((r) => setTimeout(r, 100));
    }
    expect(text).toBe("hello from beta\n");
  });

  it("keeps a shared bridge while another scenario still uses it", async () => {
    const first = await planBridge("scenario-one", true);
    const second = await planBridge("scenario-two", true);
    expect(second).toEqual(first);
    await createBridge(first);
    const a = planAttachment(first, "isomer-test-net-shared-a");
    const b = planAttachment(second, "isomer-test-net-shared-b");
    try {
      await attach(a);
      await attach(b);
      await detach(a);
      await removeBridge(first); // b still attached: the shared bridge stays
      expect((await execa("ip", ["link", "show", "dev", first.name], { reject: false })).exitCode).toBe(0);
    } finally {
      await detach(a);
      await detach(b);
      await removeBridge(second);
    }
    expect((await execa("ip", ["link", "show", "dev", first.name], { reject: false })).exitCode).not.toBe(0);
    expect(await listRules(first.name, "nat")).toEqual([]);
  });

  it("leaves nothing behind after detach and bridge removal", async () => {
    for (const record of attachments) await detach(record);
    await removeBridge(bridge);
    for (const record of attachments) {
      expect(existsSync(record.netnsPath)).toBe(false);
      expect((await execa("ip", ["link", "show", "dev", record.vethHost], { reject: false })).exitCode).not.toBe(0);
    }
    expect((await execa("ip", ["link", "show", "dev", bridge.name], { reject: false })).exitCode).not.toBe(0);
    expect(await listRules(bridge.name, "nat")).toEqual([]);
    expect(await listRules(bridge.name, "filter")).toEqual([]);
    // idempotent: a second teardown of what is already gone succeeds
    for (const record of attachments) await detach(record);
    await removeBridge(bridge);
  });
});
