// `isomer image ...` through commander against a real registry on loopback: pull with
// --insecure-registry and --platform, ls/inspect --json, tag, rm (untag + prune), prune.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeTar } from "../../../src/build/tar-entry.js";
import { registerImageCommands } from "../../../src/cli/image.js";
import { dir, file } from "../../helpers/layers.js";
import { pushWithSkopeo, startRegistry, writeOciLayout, type TestRegistry } from "../../helpers/registry.js";

const skipReason = process.getuid?.() !== 0 ? "needs root (layers are unpacked with their owners)" : "";

describe.skipIf(!!skipReason)("isomer image CLI" + (skipReason ? ` (skipped: ${skipReason})` : ""), () => {
  let reg: TestRegistry;
  let work: string;
  let home: string;
  const savedHome = process.env.ISOMER_HOME;
  const savedConfig = process.env.ISOMER_CONFIG;

  async function run(...args: string[]): Promise<string> {
    let stdout = "";
    const program = new Command("isomer").exitOverride();
    registerImageCommands(program, { write: (t) => (stdout += t), writeErr: () => undefined });
    await program.parseAsync(["node", "isomer", "image", ...args]);
    return stdout;
  }

  beforeAll(async () => {
    reg = await startRegistry();
    work = mkdtempSync(join(tmpdir(), "isomer-test-images-cli-"));
    home = join(work, "home");
    process.env.ISOMER_HOME = home;
    process.env.ISOMER_CONFIG = join(work, "no-config.yml");
    const layer = (arch: string) => gzipSync(encodeTar([dir("etc", { mode: 0o755 }), file("etc/arch", arch)]));
    writeOciLayout(join(work, "layout"), {
      app: [
        { layers: [layer("amd64")], platform: { os: "linux", architecture: "amd64" }, config: { Cmd: ["sh"] } },
        { layers: [layer("arm/v7")], platform: { os: "linux", architecture: "arm", variant: "v7" } },
      ],
    });
    await pushWithSkopeo(join(work, "layout"), "app", reg.host, "cli/app:1");
  });

  afterAll(async () => {
    await reg?.stop();
    if (savedHome === undefined) delete process.env.ISOMER_HOME;
    else process.env.ISOMER_HOME = savedHome;
    if (savedConfig === undefined) delete process.env.ISOMER_CONFIG;
    else process.env.ISOMER_CONFIG = savedConfig;
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("pulls, lists, inspects, tags, removes and prunes", async () => {
    const pulled = JSON.parse(await run("pull", `${reg.host}/cli/app:1`, "--insecure-registry", reg.host, "--platform", "linux/arm/v7", "--json"));
    expect(pulled).toMatchObject({ ref: `${reg.host}/cli/app:1`, platform: "linux/arm/v7", layers: 1 });

    expect(await run("tag", `${reg.host}/cli/app:1`, "mine:latest")).toBe("tagged mine:latest\n");
    const list = JSON.parse(await run("ls", "--json"));
    expect(list.map((i: { ref: string }) => i.ref)).toEqual([`${reg.host}/cli/app:1`, "docker.io/library/mine:latest"]);
    expect(list[0].digest).toBe(pulled.digest);
    expect(list[0].size).toBeGreaterThan(0);
    const table = await run("ls");
    expect(table.split("\n")[0]).toMatch(/^IMAGE\s+ID\s+PLATFORM\s+LAYERS\s+SIZE/);
    expect(table).toContain("mine:latest");

    const inspected = JSON.parse(await run("inspect", "mine"));
    expect(inspected.digest).toBe(pulled.digest);
    expect(inspected.layers[0].unpacked).toContain(join(home, "layers", "sha256"));

    expect(await run("rm", "mine")).toMatch(/^untagged mine:latest\ndeleted 0 blobs/);
    const removed = JSON.parse(await run("rm", `${reg.host}/cli/app:1`, "--json"));
    expect(removed.pruned.blobs).toBe(3); // the platform manifest, its config, its layer
    expect(removed.pruned.layers).toBe(1);
    expect(JSON.parse(await run("ls", "--json"))).toEqual([]);
    expect(JSON.parse(await run("prune", "--json"))).toEqual({ blobs: 0, layers: 0, snapshots: 0, bytes: 0 });
  });

  it("says what to do when an image is missing or a reference is malformed", async () => {
    await expect(run("inspect", "nothere:1")).rejects.toThrow("image `nothere:1` is not in the store");
    await expect(run("tag", "nothere:1", "x")).rejects.toThrow("not in the store");
    await expect(run("pull", "Bad:Ref")).rejects.toThrow("repository names must be lowercase");
  });
});
