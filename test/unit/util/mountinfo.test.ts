// The one parser of /proc/self/mountinfo and /proc/self/cgroup, on texts taken from a hybrid
// host (v1 controllers + name=systemd + the empty unified tree) and an overlay mount.
import { describe, expect, it } from "vitest";
import { cgroupMounts, mountEntries, ownCgroups, unescapeMountPath } from "../../../src/util/mountinfo.js";

const MOUNTINFO = [
  "25 30 0:23 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755",
  "26 25 0:24 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw,nsdelegate",
  "27 25 0:25 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,xattr,name=systemd",
  "30 25 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,cpu,cpuacct",
  "90 29 0:50 / /var/lib/a\\040b/rootfs rw,relatime - overlay overlay rw,lowerdir=l/1:l/2,upperdir=/u,workdir=/w",
  "",
].join("\n");

describe("mountinfo", () => {
  it("reads mount point, type, source and super options, with paths unescaped", () => {
    const entries = mountEntries(MOUNTINFO);
    expect(entries).toHaveLength(5);
    expect(entries[4]).toEqual({ mountPoint: "/var/lib/a b/rootfs", fstype: "overlay", source: "overlay", superOptions: ["rw", "lowerdir=l/1:l/2", "upperdir=/u", "workdir=/w"] });
    expect(entries[2]!.superOptions).toContain("name=systemd");
  });

  it("lists the cgroup hierarchies, v1 and v2", () => {
    expect(cgroupMounts(mountEntries(MOUNTINFO)).map((m) => [m.fstype, m.mountPoint])).toEqual([
      ["cgroup2", "/sys/fs/cgroup/unified"], ["cgroup", "/sys/fs/cgroup/systemd"], ["cgroup", "/sys/fs/cgroup/cpu,cpuacct"],
    ]);
  });

  it("unescapes octal escapes (space, tab, newline, backslash)", () => {
    expect(unescapeMountPath("/a\\040b\\011c\\012d\\134e")).toBe("/a b\tc\nd\\e");
  });
});

describe("/proc/self/cgroup", () => {
  it("gives each hierarchy's controllers (none for v2) and the path, which may hold colons", () => {
    expect(ownCgroups("12:cpu,cpuacct:/user.slice\n1:name=systemd:/user.slice/a:b\n0::/init.scope\n")).toEqual([
      { controllers: ["cpu", "cpuacct"], path: "/user.slice" },
      { controllers: ["name=systemd"], path: "/user.slice/a:b" },
      { controllers: [], path: "/init.scope" },
    ]);
  });
});
