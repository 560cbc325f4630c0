// Docker's default seccomp profile as buildSpec generates it, run by isomer-runtime, runc and crun
// with the same results: capability-gated syscalls denied with EPERM (add_key, keyctl, bpf, a user
// namespace, mount), clone3 answered ENOSYS, personality limited; `unconfined` and `privileged`
// lift it (the kernel's own answers come back: bpf's EINVAL shows the filter made the EPERM).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runtimesUnderTest } from "../../helpers/runtimes.js";
import { RuntimeFixture } from "../../helpers/rt-fixture.js";
import { busyboxRootfs } from "../../helpers/busybox.js";
import { probeResults, syscallProbeDir, syscallProbeSkipReason } from "../../helpers/syscall-probe.js";
import type { SpecOptions } from "../../../src/runtime/index.js";

const isRoot = process.getuid?.() === 0;
const noProbe = syscallProbeSkipReason();
const PROBES = ["add_key", "keyctl", "bpf", "unshare_user", "personality_bsd", "personality_query", "socket_vsock", "clone_newuts", "clone_plain", "clone3"];
let probeDir = "";

beforeAll(async () => {
  if (!isRoot || noProbe) return;
  await busyboxRootfs();
  probeDir = await syscallProbeDir();
});

describe.skipIf(!isRoot || noProbe !== undefined)(`seccomp (needs root${noProbe ? `; skipped: ${noProbe}` : ""})`, () => {
  describe.each(runtimesUnderTest())("$name", (rt) => {
    const fx = new RuntimeFixture(rt);
    afterAll(() => fx.cleanup());
    const t = test.skipIf(rt.skip !== undefined);
    if (rt.skip) test.skip(`skipped: ${rt.skip}`, () => {});

    // run the probe as a container's PID 1 (attached), return its results and the mount attempt's
    const run = async (spec: Partial<SpecOptions>) => {
      const script = `/probe/syscall-probe ${PROBES.join(" ")}; mkdir -p /mnt/x; mount -t tmpfs t /mnt/x 2>/dev/null && echo mount=ok || echo mount=failed`;
      const b = await fx.bundle(["sh", "-c", script], { binds: [{ source: probeDir, destination: "/probe", readonly: true }], ...spec });
      const r = await fx.client.run(b.id, b.bundle.dir);
      if (await fx.client.state(b.id).catch(() => undefined)) await fx.client.delete(b.id, { force: true });
      expect(r.exitCode, r.stderr).toBe(0);
      return probeResults(r.stdout);
    };

    t("the default profile denies the capability-gated syscalls with EPERM", async () => {
      expect(await run({})).toEqual({
        add_key: "EPERM", keyctl: "EPERM", bpf: "EPERM", unshare_user: "EPERM", personality_bsd: "EPERM",
        personality_query: "ok", socket_vsock: "EPERM", clone_newuts: "EPERM", clone_plain: "ok", clone3: "ENOSYS", mount: "failed",
      });
    });

    t("with CAP_SYS_ADMIN the profile allows namespaces and mount, as Docker's does", async () => {
      const r = await run({ capAdd: ["CAP_SYS_ADMIN"] });
      expect(r).toMatchObject({ unshare_user: "ok", clone_newuts: "ok", clone3: "EINVAL", mount: "ok", bpf: "EINVAL", add_key: "EPERM" });
    });

    t("seccomp unconfined: the kernel answers (user namespaces work, bpf says EINVAL)", async () => {
      const r = await run({ seccomp: "unconfined" });
      expect(r).toMatchObject({ add_key: "ok", keyctl: "ok", bpf: "EINVAL", unshare_user: "ok", personality_bsd: "ok", clone3: "EINVAL", mount: "failed" });
    });

    t("privileged: nothing is blocked by seccomp", async () => {
      const r = await run({ privileged: true });
      expect(r).toEqual({
        add_key: "ok", keyctl: "ok", bpf: "EINVAL", unshare_user: "ok", personality_bsd: "ok", personality_query: "ok",
        socket_vsock: "ok", clone_newuts: "ok", clone_plain: "ok", clone3: "EINVAL", mount: "ok",
      });
    });

    t("a Docker-format profile of the user's is applied", async () => {
      const r = await run({ seccomp: { defaultAction: "SCMP_ACT_ALLOW", syscalls: [{ names: ["keyctl"], action: "SCMP_ACT_ERRNO", errnoRet: 13 }] } });
      expect(r).toMatchObject({ keyctl: "EACCES", add_key: "ok", unshare_user: "ok" });
    });
  });
});
