import { describe, expect, test } from "vitest";
import { buildSpec } from "../../../src/runtime/spec.js";
import { capabilitiesFromMask, type HostLimits } from "../../../src/runtime/host-limits.js";
import { checkDockerProfile, resolveSeccomp } from "../../../src/runtime/seccomp-profile.js";
import { CLONE_NAMESPACE_FLAGS, dockerDefaultProfile } from "../../../src/runtime/seccomp-default.js";
import type { OciSeccomp } from "../../../src/runtime/oci-types.js";

const host: HostLimits = { bounding: capabilitiesFromMask("000001fffeffffff"), hardRlimits: { RLIMIT_NOFILE: 20000 } };
const spec = (o: Partial<Parameters<typeof buildSpec>[0]> = {}) => buildSpec({ args: ["/bin/sh"], hostLimits: host, ...o });
const allowed = (s: OciSeccomp | undefined, name: string) => (s?.syscalls ?? []).filter((r) => r.names.includes(name));

describe("Docker's default profile", () => {
  test("is a valid Docker-format profile", () => {
    expect(checkDockerProfile(dockerDefaultProfile())).toEqual([]);
  });

  test("an unprivileged container: EPERM by default, capability-gated syscalls absent, clone without namespace flags", () => {
    const s = spec().linux.seccomp!;
    expect(s).toMatchObject({ defaultAction: "SCMP_ACT_ERRNO", defaultErrnoRet: 1 });
    for (const name of ["keyctl", "add_key", "request_key", "kexec_load", "open_by_handle_at", "bpf", "perf_event_open", "userfaultfd", "mount", "umount2", "unshare", "setns", "pivot_root", "reboot", "kcmp"]) {
      expect(allowed(s, name), name).toEqual([]);
    }
    for (const name of ["read", "openat", "execve", "pipe", "pipe2", "chown", "setuid", "mknod", "chroot"]) expect(allowed(s, name), name).toHaveLength(1);
    expect(allowed(s, "clone")).toEqual([{ names: ["clone"], action: "SCMP_ACT_ALLOW", args: [{ index: 0, value: CLONE_NAMESPACE_FLAGS, op: "SCMP_CMP_MASKED_EQ" }] }]);
    expect(allowed(s, "clone3")).toEqual([{ names: ["clone3"], action: "SCMP_ACT_ERRNO", errnoRet: 38 }]);
    expect(allowed(s, "personality").map((r) => r.args![0]!.value)).toEqual([0, 8, 0x20000, 0x20008, 0xffffffff]);
  });

  test("capabilities open their syscalls: CAP_SYS_ADMIN (and systemd mode) allows mount, unshare, any clone", () => {
    for (const s of [spec({ capAdd: ["SYS_ADMIN"] }).linux.seccomp, spec({ systemd: true }).linux.seccomp]) {
      for (const name of ["mount", "umount2", "unshare", "setns", "clone", "clone3"]) expect(allowed(s, name)[0]?.action, name).toBe("SCMP_ACT_ALLOW");
      expect(allowed(s, "clone").every((r) => r.args === undefined)).toBe(true);
      expect(allowed(s, "keyctl")).toEqual([]);
    }
    expect(allowed(spec({ capAdd: ["SYS_PTRACE"] }).linux.seccomp, "ptrace").length).toBeGreaterThan(0);
  });

  test("privileged and unconfined have no filter; a user profile is resolved", () => {
    expect(spec({ privileged: true }).linux.seccomp).toBeUndefined();
    expect(spec({ seccomp: "unconfined" }).linux.seccomp).toBeUndefined();
    expect(spec({ privileged: true, seccomp: { defaultAction: "SCMP_ACT_ERRNO" } }).linux.seccomp).toBeUndefined();
    expect(spec({ seccomp: { defaultAction: "SCMP_ACT_ALLOW", syscalls: [{ name: "keyctl", action: "SCMP_ACT_ERRNO" }] } }).linux.seccomp)
      .toEqual({ defaultAction: "SCMP_ACT_ALLOW", architectures: [], syscalls: [{ names: ["keyctl"], action: "SCMP_ACT_ERRNO" }] });
  });

  test("arch and kernel conditions follow moby: archMap picks the native arch and its sub-arches", () => {
    const amd = resolveSeccomp(dockerDefaultProfile(), { capabilities: [], goarch: "amd64", kernel: "6.1.0-18-amd64" });
    expect(amd.architectures).toEqual(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]);
    expect(allowed(amd, "arch_prctl")).toHaveLength(1);
    expect(allowed(amd, "ptrace")).toHaveLength(1); // minKernel 4.8
    expect(allowed(resolveSeccomp(dockerDefaultProfile(), { capabilities: [], goarch: "amd64", kernel: "4.4.0" }), "ptrace")).toEqual([]);
    const s390 = resolveSeccomp(dockerDefaultProfile(), { capabilities: [], goarch: "s390x", kernel: "6.1" });
    expect(allowed(s390, "clone")[0]!.args![0]!.index).toBe(1);
    expect(allowed(s390, "arch_prctl")).toEqual([]);
  });
});

describe("checkDockerProfile", () => {
  test("names what is wrong by key path", () => {
    expect(checkDockerProfile([])).toHaveLength(1);
    expect(checkDockerProfile({ defaultAction: "ALLOW", syscalls: [{ names: ["read"], action: "SCMP_ACT_NOPE", args: [{ index: 9, op: "EQ", value: -1 }] }], listenerPath: "/x" }).map((p) => p.path))
      .toEqual(["defaultAction", "listenerPath", "syscalls[0].action", "syscalls[0].args[0].index", "syscalls[0].args[0].value", "syscalls[0].args[0].op"]);
    expect(checkDockerProfile({ defaultAction: "SCMP_ACT_ERRNO", architectures: ["SCMP_ARCH_X86_64"], archMap: [] }).map((p) => p.path)).toEqual(["archMap"]);
  });
});
