import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import type { Platform } from "../../../../src/config/types.js";
import { rootlessIssues, unprivilegedPortStart } from "../../../../src/drivers/isomer/rootless-checks.js";
import { messages, validateYaml } from "../../config/load-helper.js";

const platform = (extra: Partial<Platform> = {}): Platform => ({ name: "instance", groups: [], children: [], published_ports: [], ...extra } as Platform);

describe("what rootless isomer refuses", () => {
  it("names privileged, network_mode host and each low published port by its key", () => {
    const issues = rootlessIssues([
      platform({ privileged: true }),
      platform({ network_mode: "host", published_ports: [{ hostPort: 8080, containerPort: 80, protocol: "tcp" }, { hostPort: 80, containerPort: 80, protocol: "tcp" }] }),
    ], 1024);
    expect(issues.map((i) => i.path)).toEqual(["platforms[0].privileged", "platforms[1].network_mode", "platforms[1].published_ports[1]"]);
    expect(issues[2]!.message).toMatch(/at least `1024`.*got `80`.*`8080:80`/);
  });

  it("accepts an ordinary platform, a port the host lets users bind, and an unpublished (random) host port", () => {
    const ports = [{ hostPort: 80, containerPort: 80, protocol: "tcp" as const }, { containerPort: 443, protocol: "tcp" as const }];
    expect(rootlessIssues([platform({ privileged: false, network_mode: "bridge", published_ports: ports })], 80)).toEqual([]);
  });

  it("reads net.ipv4.ip_unprivileged_port_start, 1024 when it cannot", () => {
    const dir = mkdtempSync(join(tmpdir(), "isomer-port-start-"));
    writeFileSync(join(dir, "start"), "443\n");
    expect(unprivilegedPortStart(join(dir, "start"))).toBe(443);
    expect(unprivilegedPortStart(join(dir, "missing"))).toBe(1024);
    rmSync(dir, { recursive: true });
  });

  it("reaches the user as file:line:col at the platform key", async () => {
    const yaml = "driver:\n  name: docker\nplatforms:\n  - name: instance\n    image: debian:bookworm\n    privileged: true\n";
    const result = await validateYaml(yaml, { driverIssues: (view) => rootlessIssues(view.platforms, 1024) });
    expect(messages(result)[0]).toMatch(/^molecule\.yml:6:5: platforms\[0\]\.privileged: Expected `privileged` to be false when isomer runs without root/);
  });
});
