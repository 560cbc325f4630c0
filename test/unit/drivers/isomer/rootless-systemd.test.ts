// Which cgroup decides whether systemd as PID 1 can start without root, on hybrid and pure-v2
// hosts (mountinfo and /proc/self/cgroup texts as those hosts show them), and the refusal's words.
import { describe, expect, it } from "vitest";
import { checkRootlessSystemd, systemdCgroupDir, userManagerDelegates, userManagerSocket } from "../../../../src/drivers/isomer/rootless-systemd.js";
import { userScopeCommand } from "../../../../src/cli/user-scope.js";

const line = (point: string, fstype: string, options: string) => `35 25 0:30 / ${point} rw,nosuid shared:9 - ${fstype} ${fstype} ${options}`;

describe("systemdCgroupDir", () => {
  it("is the caller's name=systemd cgroup on a hybrid host", () => {
    const mountinfo = [line("/sys/fs/cgroup", "tmpfs", "ro,mode=755"), line("/sys/fs/cgroup/unified", "cgroup2", "rw"),
      line("/sys/fs/cgroup/systemd", "cgroup", "rw,xattr,name=systemd"), line("/sys/fs/cgroup/memory", "cgroup", "rw,memory")].join("\n");
    const self = "9:name=systemd:/isomer-deleg\n4:memory:/process_api/abc\n0::/isomer-deleg\n";
    expect(systemdCgroupDir(mountinfo, self)).toBe("/sys/fs/cgroup/systemd/isomer-deleg");
  });

  it("is the caller's cgroup2 directory on a pure-v2 host", () => {
    const mountinfo = line("/sys/fs/cgroup", "cgroup2", "rw,nsdelegate,memory_recursiveprot");
    expect(systemdCgroupDir(mountinfo, "0::/user.slice/user-1000.slice/user@1000.service/app.slice\n"))
      .toBe("/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice");
  });

  it("is none without a hierarchy systemd could manage", () => {
    expect(systemdCgroupDir(line("/sys/fs/cgroup/unified", "cgroup2", "rw"), "0::/\n")).toBeUndefined();
  });
});

describe("checkRootlessSystemd", () => {
  it("refuses with exit 2, naming the platform and what to do, only when nothing is delegated", () => {
    expect(() => checkRootlessSystemd("bookworm", () => true)).not.toThrow();
    try {
      checkRootlessSystemd("bookworm", () => false);
      expect.unreachable();
    } catch (error) {
      const e = error as { exitCode: number; message: string; hint: string };
      expect(e.exitCode).toBe(2);
      expect(e.message).toMatch(/^platform `bookworm` runs systemd as PID 1, which without root needs a cgroup delegated to you/);
      expect(e.hint).toMatch(/delegated to you/);
    }
  });
});

describe("the user manager's socket", () => {
  it("is under XDG_RUNTIME_DIR, else /run/user/<uid>, where systemd-run --user looks for it without a session bus", () => {
    expect(userManagerSocket({ XDG_RUNTIME_DIR: "/run/user/1000" }, 1000)).toBe("/run/user/1000/systemd/private");
    expect(userManagerSocket({ XDG_RUNTIME_DIR: "/tmp/xdg" }, 1000)).toBe("/tmp/xdg/systemd/private");
    expect(userManagerSocket({}, 1234)).toBe("/run/user/1234/systemd/private");
  });

  it("is not used with ISOMER_CGROUP_MANAGER=cgroupfs", () => {
    expect(userManagerDelegates({ ISOMER_CGROUP_MANAGER: "cgroupfs", XDG_RUNTIME_DIR: "/" })).toBe(false);
  });
});

describe("userScopeCommand", () => {
  // Only the cases decided before the host is looked at; the move itself runs in the pure-v2 guest
  // (test/e2e/rootless.test.ts, the user-manager case).
  it("keeps root, help, version, an isomer already moved, and ISOMER_USER_SCOPE=0 where they are", () => {
    const argv = ["node", "/x/main.js", "test"];
    if (process.getuid?.() === 0) expect(userScopeCommand(argv, {})).toBeUndefined();
    expect(userScopeCommand(argv, { ISOMER_IN_USER_SCOPE: "1" })).toBeUndefined();
    expect(userScopeCommand(argv, { ISOMER_USER_SCOPE: "0" })).toBeUndefined();
    expect(userScopeCommand(["node", "/x/main.js", "--version"], {})).toBeUndefined();
    expect(userScopeCommand(["node", "/x/main.js", "converge", "--help"], {})).toBeUndefined();
    expect(userScopeCommand(["node", "/x/main.js"], {})).toBeUndefined();
  });
});
