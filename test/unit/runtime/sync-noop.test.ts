// withSyncNoop: the sync calls a profile allows unconditionally move to one errno-0 rule; calls it
// denies, or allows only for some arguments, keep their rules; a profile without them is unchanged.
import { describe, expect, it } from "vitest";
import { withSyncNoop } from "../../../src/runtime/seccomp-profile.js";
import type { OciSeccomp } from "../../../src/runtime/oci-types.js";

describe("withSyncNoop", () => {
  it("answers the allowed sync calls with errno 0 and leaves every other rule", () => {
    const profile: OciSeccomp = {
      defaultAction: "SCMP_ACT_ERRNO",
      architectures: ["SCMP_ARCH_X86_64"],
      syscalls: [
        { names: ["read", "fsync", "write", "fdatasync"], action: "SCMP_ACT_ALLOW" },
        { names: ["syncfs"], action: "SCMP_ACT_ALLOW" },
        { names: ["sync_file_range"], action: "SCMP_ACT_ALLOW", args: [{ index: 0, value: 1, op: "SCMP_CMP_EQ" }] },
        { names: ["sync"], action: "SCMP_ACT_ERRNO", errnoRet: 1 },
      ],
    };
    expect(withSyncNoop(profile).syscalls).toEqual([
      { names: ["read", "write"], action: "SCMP_ACT_ALLOW" },
      { names: ["sync_file_range"], action: "SCMP_ACT_ALLOW", args: [{ index: 0, value: 1, op: "SCMP_CMP_EQ" }] },
      { names: ["sync"], action: "SCMP_ACT_ERRNO", errnoRet: 1 },
      { names: ["fdatasync", "fsync", "syncfs"], action: "SCMP_ACT_ERRNO", errnoRet: 0 },
    ]);
    const none: OciSeccomp = { defaultAction: "SCMP_ACT_ALLOW", syscalls: [{ names: ["ptrace"], action: "SCMP_ACT_ERRNO" }] };
    expect(withSyncNoop(none)).toBe(none);
  });
});
