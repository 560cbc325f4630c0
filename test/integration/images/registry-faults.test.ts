// Pulls through a proxy that cuts, stalls, corrupts and reorders the registry's responses at random
// (test/helpers/fault-proxy.ts, seeded: ISOMER_FAULT_SEED replays, the seed is printed), with the
// built CLI (`isomer image pull`) into one store: every pull either completes — the tag's manifest
// digest is the registry's, the layers unpacked with the pushed content — or fails with isomer's
// one-paragraph message (no stack trace, no "internal error"); after each, `isomer image ls`
// works; at the end a pull without faults works. ISOMER_FAULT_PULLS sets the number of faulty
// pulls (default 16). Debian's docker-registry on loopback, as the other registry tests.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import { dir, file } from "../../helpers/layers.js";
import { encodeTar } from "../../../src/build/tar-entry.js";
import { pushWithSkopeo, startRegistry, writeOciLayout, type TestRegistry } from "../../helpers/registry.js";
import { FAULTS, startFaultProxy, type FaultProxy } from "../../helpers/fault-proxy.js";
import { countFrom, seededRandom, seedFrom } from "../../helpers/seeded-random.js";
import { CLI } from "../../e2e/cli.js";

const skipReason = process.getuid?.() !== 0 ? "needs root (layers are unpacked with their owners)" : "";
const seed = seedFrom("ISOMER_FAULT_SEED");
const pulls = countFrom("ISOMER_FAULT_PULLS", 16);
const replay = `ISOMER_FAULT_SEED=${seed}`;
// A hang guard that grows with the count (a pull through the CLI takes ~3 s on a loaded machine).
const timeout = Math.max(300_000, pulls * 10_000);

// Three layers of incompressible data, so that faults land in blob bodies as well as in headers.
const payloads = [0, 1, 2].map((i) => randomBytes(96 * 1024 + i * 40 * 1024));
const layers = payloads.map((data, i) => gzipSync(encodeTar([dir(`l${i}`, { mode: 0o755 }), file(`l${i}/data`, data, { mode: 0o644 })])));

describe.skipIf(!!skipReason)("registry pull through injected faults" + (skipReason ? ` (skipped: ${skipReason})` : ""), () => {
  let reg: TestRegistry;
  let proxy: FaultProxy;
  let work: string;
  let env: NodeJS.ProcessEnv;
  let ref: string;
  let wantDigest: string;
  const tally = { ok: 0, failed: 0, messages: new Map<string, number>() };

  // A pull that hangs is killed after 3 minutes (its output then says timedOut) rather than holding
  // the store's lock for every test after it.
  const isomer = (...args: string[]) => execa("node", [CLI, "image", ...args], { env, reject: false, all: true, stdin: "ignore", timeout: 180_000 });

  beforeAll(async () => {
    reg = await startRegistry();
    work = mkdtempSync(join(tmpdir(), "isomer-test-faults-"));
    writeOciLayout(join(work, "layout"), { app: { layers, config: { Cmd: ["/bin/sh"] } } });
    await pushWithSkopeo(join(work, "layout"), "app", reg.host, "faults/app:1");
    wantDigest = (await fetch(`${reg.url}/v2/faults/app/manifests/1`, { method: "HEAD", headers: { accept: "application/vnd.oci.image.manifest.v1+json" } })).headers.get("docker-content-digest")!;
    proxy = await startFaultProxy(Number(reg.host.split(":")[1]), seededRandom(seed));
    ref = `${proxy.host}/faults/app:1`;
    env = { ...process.env, ISOMER_HOME: join(work, "home"), ISOMER_CONFIG: join(work, "no-config.yml"), NO_COLOR: "1" };
    console.log(`registry faults: ${pulls} pulls through the fault proxy, seed ${seed} (replay: ${replay})`);
  });

  afterAll(async () => {
    const injected = FAULTS.map((f) => `${f} ${proxy?.injected[f] ?? 0}`).join(", ");
    const total = FAULTS.reduce((n, f) => n + (proxy?.injected[f] ?? 0), 0);
    console.log(`registry faults: seed ${seed}, ${total} faults injected (${injected}) over ${proxy?.connections() ?? 0} connections; ${tally.ok} pulls completed, ${tally.failed} failed with a message: ${[...tally.messages].map(([m, n]) => `${n}x ${m}`).join("; ")}`);
    await proxy?.stop();
    await reg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  // The pulled image is the pushed one: the manifest digest, and each layer's file as pushed. Read
  // through the CLI: a store opened here would hold a lease that keeps `image rm` from pruning.
  async function expectPulledImage(): Promise<void> {
    const inspect = await isomer("inspect", ref);
    expect(inspect.exitCode, `${replay}\n${inspect.all}`).toBe(0);
    const image = JSON.parse(inspect.stdout) as { digest: string; layers: Array<{ unpacked?: string }> };
    expect(image.digest, replay).toBe(wantDigest);
    image.layers.forEach((layer, i) => expect(readFileSync(join(layer.unpacked ?? "-", `l${i}`, "data")).equals(payloads[i]!), `${replay}: layer ${i}`).toBe(true));
  }

  async function expectStoreListable(): Promise<void> {
    const ls = await isomer("ls");
    expect(ls.exitCode, `${replay}: isomer image ls\n${ls.all}`).toBe(0);
  }

  it(`${pulls} pulls through faults each complete with the pushed image or fail with a clear message`, async () => {
    for (let i = 1; i <= pulls; i++) {
      const pull = await isomer("pull", ref, "--insecure-registry", proxy.host);
      const context = `${replay}: pull #${i}${pull.timedOut ? " (hung: killed after 180 s)" : ""}\n${pull.all}`;
      expect(pull.timedOut, context).toBe(false);
      if (pull.exitCode === 0) {
        tally.ok++;
        await expectPulledImage();
        const rm = await isomer("rm", ref); // untag and prune: the next pull fetches everything again
        expect(rm.exitCode, `${context}\n${rm.all}`).toBe(0);
      } else {
        tally.failed++;
        expect(pull.all, context).toMatch(/^isomer: /m);
        expect(pull.all, context).not.toMatch(/internal error|^\s+at .+\(.+:\d+:\d+\)$/m);
        expect(pull.all.trim().split("\n").length, context).toBeLessThanOrEqual(3);
        const what = /^isomer: (.*)$/m.exec(pull.all)![1]!.replace(/sha256:[0-9a-f]{64}/g, "sha256:…").replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:…").slice(0, 120);
        tally.messages.set(what, (tally.messages.get(what) ?? 0) + 1);
      }
      await expectStoreListable();
    }
    const total = FAULTS.reduce((n, f) => n + proxy.injected[f], 0);
    expect(total, "faults injected").toBeGreaterThan(0);
  }, timeout);

  it("a pull without faults then completes, and the store lists the image", async () => {
    proxy.setRate(0);
    const pull = await isomer("pull", ref, "--insecure-registry", proxy.host);
    expect(pull.exitCode, `${replay}\n${pull.all}`).toBe(0);
    await expectPulledImage();
    const ls = await isomer("ls");
    expect(ls.all).toContain("faults/app");
    const prune = await isomer("prune");
    expect(prune.exitCode, prune.all).toBe(0);
  });
});
