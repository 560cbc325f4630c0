// Molecule docker driver's command rules and Docker's volume syntax, without a container.
import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { containerArgs, KEEP_ALIVE, shellSplit, wantsSystemd } from "../../../../src/drivers/isomer/command.js";
import { platformMounts } from "../../../../src/drivers/isomer/mounts.js";
import type { Platform } from "../../../../src/config/types.js";
import type { DriverImage } from "../../../../src/drivers/isomer/image.js";

const image: DriverImage = { ref: "debian:bookworm", layers: [], config: { cmd: ["bash"], entrypoint: [] } };
const platform = (extra: Partial<Platform>): Platform => ({ name: "i", groups: [], children: [], published_ports: [], extra: {}, ...extra });

describe("containerArgs", () => {
  it("runs the keep-alive loop when no command is given", () => {
    expect(containerArgs(platform({}), image)).toEqual(KEEP_ALIVE);
  });
  it("runs the image's CMD for an empty command or override_command: false", () => {
    expect(containerArgs(platform({ command: "" }), image)).toEqual(["bash"]);
    expect(containerArgs(platform({ override_command: false }), image)).toEqual(["bash"]);
  });
  it("splits a command like a shell and keeps the image's entrypoint", () => {
    const withEntrypoint = { ...image, config: { ...image.config, entrypoint: ["/init"] } };
    expect(containerArgs(platform({ command: `sh -c "echo 'a b'" c\\ d` }), withEntrypoint)).toEqual(["/init", "sh", "-c", "echo 'a b'", "c d"]);
  });
  it("detects systemd as PID 1 from the command or podman's systemd key", () => {
    expect(wantsSystemd(platform({}), ["/lib/systemd/systemd"])).toBe(true);
    expect(wantsSystemd(platform({}), ["/sbin/init"])).toBe(true);
    expect(wantsSystemd(platform({ systemd: "always" }), ["bash"])).toBe(true);
    expect(wantsSystemd(platform({}), KEEP_ALIVE)).toBe(false);
  });
  it("refuses unbalanced quotes", () => {
    expect(() => shellSplit(`echo "oops`)).toThrow(/matching quotes/);
  });
});

describe("platformMounts", () => {
  it("reads binds, :ro, anonymous and named volumes, tmpfs, and drops cgroup binds", () => {
    const bundle = mkdtempSync(join(tmpdir(), "isomer-unit-mounts-"));
    const home = process.env.ISOMER_HOME;
    process.env.ISOMER_HOME = bundle;
    try {
      const mounts = platformMounts(platform({
        volumes: ["/srv/data:/data:ro", "./files:/files", "/cache", "named:/named", "/sys/fs/cgroup:/sys/fs/cgroup:rw"],
        tmpfs: ["/run", "/tmp:size=64m,mode=1777"],
      }), bundle, "/scenario");
      expect(mounts.binds).toEqual([
        { source: "/srv/data", destination: "/data", readonly: true },
        { source: "/scenario/files", destination: "/files", readonly: false },
        { source: join(bundle, "volumes", "2"), destination: "/cache", readonly: false },
        { source: join(bundle, "volumes", "named"), destination: "/named", readonly: false },
      ]);
      expect(mounts.tmpfs).toEqual([{ destination: "/run" }, { destination: "/tmp", options: ["size=64m", "mode=1777"] }]);
      expect(mounts.ignored).toEqual(["/sys/fs/cgroup:/sys/fs/cgroup:rw"]);
    } finally {
      if (home === undefined) delete process.env.ISOMER_HOME;
      else process.env.ISOMER_HOME = home;
      rmSync(bundle, { recursive: true, force: true });
    }
  });
});
