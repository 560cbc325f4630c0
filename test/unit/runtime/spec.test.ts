import { describe, expect, test } from "vitest";
import { buildSpec, STOP_SIGNAL_ANNOTATION } from "../../../src/runtime/spec.js";
import { CAPABILITY_NAMES, capabilitiesFromMask, parseProcLimits, type HostLimits } from "../../../src/runtime/host-limits.js";
import { DOCKER_DEFAULT_CAPABILITIES, DOCKER_MASKED_PATHS } from "../../../src/runtime/spec-defaults.js";

// A host like the CI machines: every capability but CAP_SYS_RESOURCE, nofile 20000.
const host: HostLimits = {
  bounding: capabilitiesFromMask("000001fffeffffff"),
  hardRlimits: { RLIMIT_NOFILE: 20000, RLIMIT_NPROC: 96364, RLIMIT_CORE: Infinity },
};
const spec = (o: Partial<Parameters<typeof buildSpec>[0]> = {}) => buildSpec({ args: ["/bin/sh"], hostLimits: host, ...o });

describe("host limits", () => {
  test("a CapBnd mask decodes to capability names, skipping CAP_SYS_RESOURCE when absent", () => {
    expect(host.bounding).toHaveLength(40);
    expect(host.bounding).not.toContain("CAP_SYS_RESOURCE");
    expect(capabilitiesFromMask("3")).toEqual(["CAP_CHOWN", "CAP_DAC_OVERRIDE"]);
    expect(CAPABILITY_NAMES[40]).toBe("CAP_CHECKPOINT_RESTORE");
  });

  test("/proc/self/limits text parses into hard limits by OCI name", () => {
    const text = "Limit                     Soft Limit           Hard Limit           Units     \n" +
      "Max core file size        0                    unlimited            bytes     \n" +
      "Max open files            1024                 20000                files     \n";
    expect(parseProcLimits(text)).toEqual({ RLIMIT_CORE: Infinity, RLIMIT_NOFILE: 20000 });
  });
});

describe("buildSpec", () => {
  test("defaults follow Docker: namespaces, capabilities, masked paths, mounts, PATH", () => {
    const s = spec({ hostname: "web" });
    expect(s.linux.namespaces.map((n) => n.type).sort()).toEqual(["cgroup", "ipc", "mount", "network", "pid", "uts"]);
    expect(new Set(s.process.capabilities!.bounding)).toEqual(new Set(DOCKER_DEFAULT_CAPABILITIES));
    expect(s.process.capabilities!.effective).toEqual(s.process.capabilities!.bounding);
    expect(s.linux.maskedPaths).toEqual(DOCKER_MASKED_PATHS);
    expect(s.linux.readonlyPaths).toContain("/proc/sys");
    expect(s.mounts.map((m) => m.destination)).toEqual(["/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup"]);
    expect(s.mounts.find((m) => m.destination === "/sys")!.options).toContain("ro");
    expect(s.process.env).toEqual(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]);
    expect(s).toMatchObject({ ociVersion: "1.0.2", hostname: "web", root: { path: "rootfs", readonly: false }, process: { cwd: "/", user: { uid: 0, gid: 0 } } });
    expect(s.linux.resources!.devices).toEqual([{ allow: false, access: "rwm" }]);
  });

  test("rlimits are capped at the host's hard limits (Docker's nofile 1048576 would fail with EPERM)", () => {
    expect(spec().process.rlimits).toEqual([{ type: "RLIMIT_NOFILE", soft: 20000, hard: 20000 }]);
    const r = spec({ rlimits: [{ type: "RLIMIT_NPROC", soft: 1_000_000, hard: 1_000_000 }, { type: "RLIMIT_NOFILE", soft: 1024, hard: 4096 }] }).process.rlimits;
    expect(r).toEqual([{ type: "RLIMIT_NOFILE", soft: 1024, hard: 4096 }, { type: "RLIMIT_NPROC", soft: 96364, hard: 96364 }]);
  });

  test("privileged: every capability of the host's bounding set, no masks, writable /sys and cgroups, all devices", () => {
    const s = spec({ privileged: true });
    expect(s.process.capabilities!.bounding).toEqual(host.bounding);
    expect(s.process.capabilities!.bounding).not.toContain("CAP_SYS_RESOURCE");
    expect([s.linux.maskedPaths, s.linux.readonlyPaths]).toEqual([[], []]);
    expect(s.mounts.find((m) => m.destination === "/sys")!.options).toContain("rw");
    expect(s.mounts.find((m) => m.destination === "/sys/fs/cgroup")!.options).toContain("rw");
    expect(s.linux.resources!.devices).toEqual([{ allow: true, access: "rwm" }]);
  });

  test("cap_add and cap_drop as Docker applies them, in any spelling, never beyond the host's set", () => {
    const caps = (o: object) => spec(o).process.capabilities!.bounding;
    expect(caps({ capAdd: ["net_admin", "CAP_SYS_PTRACE"] })).toEqual(expect.arrayContaining(["CAP_NET_ADMIN", "CAP_SYS_PTRACE"]));
    expect(caps({ capDrop: ["NET_RAW", "mknod"] })).not.toEqual(expect.arrayContaining(["CAP_NET_RAW"]));
    expect(caps({ capDrop: ["ALL"], capAdd: ["CHOWN"] })).toEqual(["CAP_CHOWN"]);
    expect(caps({ capAdd: ["ALL"] })).toEqual(host.bounding);
    expect(caps({ capAdd: ["SYS_RESOURCE"] })).not.toContain("CAP_SYS_RESOURCE");
  });

  test("binds, tmpfs, env, user, cwd and resources land where the runtime reads them", () => {
    const s = spec({
      binds: [{ source: "/srv/data", destination: "/data", readonly: true }],
      tmpfs: [{ destination: "/scratch" }],
      env: ["PATH=/opt/bin", "A=1", "A=2"],
      user: { uid: 1000, gid: 1000, additionalGids: [27] },
      cwd: "/work",
      resources: { memoryBytes: 268435456, pids: 100, cpuQuota: 50000 },
      cgroupsPath: "/isomer/c1",
    });
    expect(s.mounts).toContainEqual({ destination: "/data", type: "bind", source: "/srv/data", options: ["rbind", "rprivate", "ro"] });
    expect(s.mounts).toContainEqual(expect.objectContaining({ destination: "/scratch", type: "tmpfs" }));
    expect(s.process.env).toEqual(["PATH=/opt/bin", "A=2"]);
    expect(s.process).toMatchObject({ user: { uid: 1000, gid: 1000, additionalGids: [27] }, cwd: "/work" });
    expect(s.linux.resources).toMatchObject({ memory: { limit: 268435456 }, pids: { limit: 100 }, cpu: { quota: 50000, period: 100000 } });
    expect(s.linux.cgroupsPath).toBe("/isomer/c1");
  });

  test("network: a new namespace, the host's (none listed), or a path to join", () => {
    const net = (o: object) => spec(o).linux.namespaces.filter((n) => n.type === "network");
    expect(net({})).toEqual([{ type: "network" }]);
    expect(net({ network: { mode: "host" } })).toEqual([]);
    expect(net({ network: { mode: "path", path: "/run/netns/isom-a" } })).toEqual([{ type: "network", path: "/run/netns/isom-a" }]);
    expect(spec({ cgroupns: "host" }).linux.namespaces.map((n) => n.type)).not.toContain("cgroup");
  });

  test("systemd mode: rw cgroup mount with a cgroup namespace, tmpfs /run and /run/lock, container= env, SIGRTMIN+3", () => {
    const s = spec({ systemd: { name: "web" }, cgroupns: "host" });
    expect(s.linux.namespaces.map((n) => n.type)).toContain("cgroup");
    expect(s.mounts.find((m) => m.destination === "/sys/fs/cgroup")!.options).toContain("rw");
    expect(s.mounts.filter((m) => m.type === "tmpfs").map((m) => m.destination)).toEqual(expect.arrayContaining(["/run", "/run/lock"]));
    expect(s.process.env).toContain("container=web");
    expect(s.process.capabilities!.bounding).toContain("CAP_SYS_ADMIN");
    expect(s.annotations).toEqual({ [STOP_SIGNAL_ANNOTATION]: "SIGRTMIN+3" });
    expect(spec().annotations).toBeUndefined();
  });
});

describe("buildSpec in rootless mode", () => {
  const idmap = {
    uidMappings: [{ containerID: 0, hostID: 1000, size: 1 }, { containerID: 1, hostID: 100000, size: 65536 }],
    gidMappings: [{ containerID: 0, hostID: 1000, size: 1 }, { containerID: 1, hostID: 100000, size: 65536 }],
  };

  test("a new user namespace comes first with the mapping; a joined one is a path without mappings", () => {
    const fresh = spec({ userNamespace: { mode: "new", idmap } });
    expect(fresh.linux.namespaces[0]).toEqual({ type: "user" });
    expect(fresh.linux.uidMappings).toEqual(idmap.uidMappings);
    expect(fresh.linux.gidMappings).toEqual(idmap.gidMappings);
    const joined = spec({ userNamespace: { mode: "path", path: "/proc/42/ns/user" } });
    expect(joined.linux.namespaces[0]).toEqual({ type: "user", path: "/proc/42/ns/user" });
    expect(joined.linux.uidMappings).toBeUndefined();
    expect(spec().linux.namespaces.map((n) => n.type)).not.toContain("user");
  });

  test("the overlay the runtime mounts itself is an annotation with the topmost layer first", () => {
    const s = spec({ rootfsOverlay: { lowerDirs: ["/l/a", "/l/b"], upper: "/c/upper", work: "/c/work" } });
    expect(s.annotations?.["dev.isomer.rootfs.overlay"]).toBe("lowerdir=/l/b:/l/a,upperdir=/c/upper,workdir=/c/work");
    expect(spec().annotations?.["dev.isomer.rootfs.overlay"]).toBeUndefined();
  });

  test("on the host's network a user namespace gets the host's /sys bound read-only (it may not mount sysfs)", () => {
    const sys = (s: ReturnType<typeof spec>) => s.mounts.find((m) => m.destination === "/sys");
    expect(sys(spec({ userNamespace: { mode: "new", idmap }, network: { mode: "host" } }))).toEqual({
      destination: "/sys", type: "bind", source: "/sys", options: ["rbind", "nosuid", "noexec", "nodev", "ro"],
    });
    expect(sys(spec({ userNamespace: { mode: "new", idmap } }))?.type).toBe("sysfs");
    expect(sys(spec({ network: { mode: "host" } }))?.type).toBe("sysfs");
  });
});
