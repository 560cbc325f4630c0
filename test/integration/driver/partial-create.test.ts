// What a create killed before its shim wrote the container's status leaves: a state directory
// (exec.fifo, the compiled seccomp filter) that `isomer-runtime state` does not report. The
// driver's stop must still remove it, or the next create of that instance fails with "already
// exists" (found by the kill -9 campaign, test/e2e/kill9.test.ts). Made by hand here, exactly as
// the killed create left it, so the case does not depend on the timing of a kill.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stopContainer } from "../../../src/drivers/isomer/destroy.js";
import { RuntimeClient } from "../../../src/runtime/index.js";
import { runtimeBinary } from "../../../src/util/paths.js";

const skip = process.getuid?.() !== 0 || !existsSync(runtimeBinary());

describe.skipIf(skip)("stopContainer after a create killed half-way", () => {
  let root = "";
  beforeAll(() => void (root = mkdtempSync(join(tmpdir(), "isomer-test-partial-")))); // not at collection: a skipped suite runs no afterAll
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("removes a state directory that has no status yet", async () => {
    const id = "isomer-test-partial-sd1";
    const dir = join(root, id);
    mkdirSync(dir, { mode: 0o700 });
    execFileSync("mkfifo", ["-m", "0622", join(dir, "exec.fifo")]);
    writeFileSync(join(dir, "seccomp.bpf"), Buffer.alloc(8));
    const client = new RuntimeClient({ root });
    expect(await client.state(id)).toBeUndefined();
    await stopContainer(client, id, "SIGRTMIN+3");
    expect(existsSync(dir)).toBe(false);
  });

  it("is a no-op for a container that never existed", async () => {
    await stopContainer(new RuntimeClient({ root }), "isomer-test-partial-none", undefined);
  });
});
