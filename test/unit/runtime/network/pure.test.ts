// Subnet arithmetic, names, published-port syntax and resolver files, without touching the host.
import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cidrRange, overlaps, toSubnet } from "../../../../src/runtime/network/subnet.js";
import { bridgeName, vethHostName } from "../../../../src/runtime/network/names.js";
import { parsePublishedPort, portMapping } from "../../../../src/runtime/network/ports.js";
import { renderHosts, renderResolvConf } from "../../../../src/runtime/network/files.js";

describe("network helpers", () => {
  it("computes ranges and overlaps of CIDRs", () => {
    expect(cidrRange("10.200.1.77/24")).toEqual([0x0ac80100, 0x0ac801ff]);
    expect(overlaps("10.200.1.0/24", "10.0.0.0/8")).toBe(true);
    expect(overlaps("10.200.1.0/24", "10.200.2.0/24")).toBe(false);
    expect(toSubnet("10.200.1.0/24")).toEqual({ cidr: "10.200.1.0/24", gateway: "10.200.1.1", prefix: 24 });
  });
  it("keeps interface names within 15 characters", () => {
    expect(bridgeName("/some/very/long/ephemeral/directory")).toMatch(/^isom-[0-9a-f]{10}$/);
    expect(vethHostName("isomer-abcdef-an-instance-with-a-long-name")).toHaveLength(15);
  });
  it("parses Docker's published port syntax", async () => {
    expect(await parsePublishedPort("8080:80")).toEqual({ hostIp: "", hostPort: 8080, containerPort: 80, protocol: "tcp" });
    expect(await parsePublishedPort("127.0.0.1:9000:90/udp")).toEqual({ hostIp: "127.0.0.1", hostPort: 9000, containerPort: 90, protocol: "udp" });
    expect((await parsePublishedPort("127.0.0.1::80")).hostPort).toBeGreaterThan(0);
    await expect(parsePublishedPort("eighty")).rejects.toThrow(/published port/);
  });
  it("maps a parsed port without printing it back to text", async () => {
    expect(await portMapping({ hostIp: "0.0.0.0", hostPort: 8080, containerPort: 80, protocol: "tcp" })).toEqual({ hostIp: "", hostPort: 8080, containerPort: 80, protocol: "tcp" });
    expect((await portMapping({ hostIp: "127.0.0.1", containerPort: 80, protocol: "udp" })).hostPort).toBeGreaterThan(0);
    await expect(portMapping({ hostIp: "::1", hostPort: 8080, containerPort: 80, protocol: "tcp" })).rejects.toThrow(/IPv4 only/);
  });
  it("lists every instance in /etc/hosts and drops loopback nameservers from resolv.conf", () => {
    expect(renderHosts("a", [{ address: "10.0.0.2", names: ["a"] }, { address: "10.0.0.3", names: ["b"] }])).toContain("10.0.0.3\tb\n");
    const dir = mkdtempSync(join(tmpdir(), "isomer-unit-resolv-"));
    try {
      const file = join(dir, "resolv.conf");
      writeFileSync(file, "nameserver 127.0.0.53\nsearch example\n");
      const upstream = join(dir, "upstream.conf");
      writeFileSync(upstream, "nameserver 192.0.2.53\n");
      expect(renderResolvConf({ hostFile: file, upstreamFile: upstream })).toBe("search example\nnameserver 192.0.2.53\n");
      expect(renderResolvConf({ hostFile: file, hostNetwork: true })).toBe("nameserver 127.0.0.53\nsearch example\n");
      expect(renderResolvConf({ hostFile: file, dnsServers: ["9.9.9.9"] })).toBe("nameserver 9.9.9.9\nsearch example\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
