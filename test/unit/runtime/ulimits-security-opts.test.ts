import { describe, expect, it } from "vitest";
import { parseUlimit, ulimitsAboveHost } from "../../../src/runtime/ulimits.js";
import { parseSecurityOpts } from "../../../src/runtime/security-opts.js";
import { buildSpec } from "../../../src/runtime/spec.js";
import { securityOptions } from "../../../src/drivers/isomer/spec-options.js";
import type { HostLimits } from "../../../src/runtime/host-limits.js";
import type { Platform } from "../../../src/config/types.js";
import { ConfigError } from "../../../src/errors.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const host: HostLimits = { bounding: ["CAP_CHOWN", "CAP_SYS_ADMIN"], hardRlimits: { RLIMIT_NOFILE: 20000, RLIMIT_CORE: Infinity, RLIMIT_MEMLOCK: 8388608 } };

describe("ulimits (Docker's --ulimit and docker_container's forms)", () => {
  it.each([
    ["nofile=1024:2048", { type: "RLIMIT_NOFILE", soft: 1024, hard: 2048 }],
    ["nofile:262144:262144", { type: "RLIMIT_NOFILE", soft: 262144, hard: 262144 }],
    ["nproc=4096", { type: "RLIMIT_NPROC", soft: 4096, hard: 4096 }],
    ["memlock=-1:-1", { type: "RLIMIT_MEMLOCK", soft: Infinity, hard: Infinity }],
    ["core=0:unlimited", { type: "RLIMIT_CORE", soft: 0, hard: Infinity }],
  ])("%s", (spec, want) => expect(parseUlimit(spec)).toEqual(want));

  it.each([
    ["nofile", /write `NAME=SOFT\[:HARD\]`/],
    ["nofiles=1", /unknown ulimit `nofiles`/],
    ["nofile=2048:1024", /soft limit 2048 is above the hard limit 1024/],
    ["nofile=ten", /whole numbers or -1/],
    ["nofile=1:2:3", /write `NAME=SOFT/],
  ])("%s is refused", (spec, why) => expect(parseUlimit(spec)).toMatch(why));

  it("never above the host's hard limit: capped in the spec, and reported", () => {
    const asked = [parseUlimit("nofile=262144") as never, parseUlimit("memlock=-1:-1") as never, parseUlimit("core=-1") as never];
    expect(ulimitsAboveHost(asked, host)).toEqual([
      { type: "RLIMIT_NOFILE", asked: 262144, ceiling: 20000 }, { type: "RLIMIT_MEMLOCK", asked: Infinity, ceiling: 8388608 },
    ]);
    const s = buildSpec({ args: ["sh"], hostLimits: host, rlimits: asked });
    expect(s.process.rlimits).toEqual([
      { type: "RLIMIT_NOFILE", soft: 20000, hard: 20000 }, { type: "RLIMIT_MEMLOCK", soft: 8388608, hard: 8388608 }, { type: "RLIMIT_CORE", soft: Infinity, hard: Infinity },
    ]);
  });
});

describe("security_opts", () => {
  it("parses Docker's options, `=` and the older `:`", () => {
    expect(parseSecurityOpts(["seccomp=unconfined", "no-new-privileges", "systempaths=unconfined", "label=disable"]))
      .toEqual({ seccomp: { kind: "unconfined" }, noNewPrivileges: true, unmaskSystemPaths: true, lsm: ["label=disable"] });
    expect(parseSecurityOpts(["seccomp:/x/p.json", "no-new-privileges:false"])).toMatchObject({ seccomp: { kind: "file", path: "/x/p.json" }, noNewPrivileges: false });
    expect(parseSecurityOpts([])).toMatchObject({ seccomp: { kind: "default" }, noNewPrivileges: false });
    expect(parseSecurityOpts(["secomp=unconfined"])).toMatch(/unknown security option `secomp`/);
    expect(parseSecurityOpts(["seccomp="])).toMatch(/give `unconfined`/);
  });

  const platform = (security_opts: string[], ulimits: string[] = []) => ({ name: "p", security_opts, ulimits }) as unknown as Platform;

  it("a platform's options become spec options; ulimits above the host are a warning", () => {
    const dir = mkdtempSync(join(tmpdir(), "isomer-unit-secopts-"));
    writeFileSync(join(dir, "profile.json"), JSON.stringify({ defaultAction: "SCMP_ACT_ALLOW", syscalls: [{ names: ["keyctl"], action: "SCMP_ACT_ERRNO" }] }));
    const r = securityOptions(platform(["seccomp=profile.json", "no-new-privileges=true", "apparmor=docker-default"], ["nofile=262144"]), { scenarioDir: dir, hostLimits: host });
    expect(r.options).toMatchObject({ seccomp: { defaultAction: "SCMP_ACT_ALLOW" }, noNewPrivileges: true, rlimits: [{ type: "RLIMIT_NOFILE", soft: 262144, hard: 262144 }] });
    expect(r.warnings).toEqual([
      "p: security option `apparmor=docker-default` not applied: this host has no AppArmor or SELinux",
      "p: ulimit RLIMIT_NOFILE asks for 262144, above this host's hard limit 20000: capped to 20000",
    ]);
    expect(buildSpec({ args: ["sh"], hostLimits: host, ...r.options }).process.noNewPrivileges).toBe(true);
  });

  it("a bad profile file is a ConfigError at its file:line", () => {
    const dir = mkdtempSync(join(tmpdir(), "isomer-unit-secopts-"));
    writeFileSync(join(dir, "bad.json"), '{\n  "defaultAction": "SCMP_ACT_ERRNO",\n  "syscalls": [\n    {"names": ["read"], "action": "ALLOW"}\n  ]\n}\n');
    writeFileSync(join(dir, "broken.json"), '{\n  "defaultAction": "SCMP_ACT_ERRNO",\n  "syscalls": [\n');
    const fail = (opt: string) => { try { securityOptions(platform([opt]), { scenarioDir: dir, hostLimits: host }); } catch (e) { return e as ConfigError; } throw new Error("no error"); };
    expect(fail("seccomp=bad.json")).toMatchObject({ location: `${join(dir, "bad.json")}:4:25`, message: expect.stringMatching(/`syscalls\[0\]\.action`: unknown action "ALLOW"/) });
    expect(fail("seccomp=broken.json")).toBeInstanceOf(ConfigError);
    expect(fail("seccomp=broken.json").location).toMatch(/broken\.json:\d+:\d+$/);
    expect(fail("seccomp=missing.json").message).toMatch(/cannot read the seccomp profile .*missing\.json.*ENOENT/);
  });
});
