// Only a file that does not exist reads as "not there"; any other failure is the caller's to see.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isMissing, readIfExists, unlessMissing } from "../../../src/util/missing.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "isomer-test-missing-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe("missing files", () => {
  it("reads a file, and undefined for one that does not exist", async () => {
    await writeFile(join(dir, "a"), "text");
    expect(await readIfExists(join(dir, "a"))).toBe("text");
    expect(await readIfExists(join(dir, "b"))).toBeUndefined();
  });

  it("passes on every other failure: a directory where the file should be, a thrown bug", async () => {
    await expect(readIfExists(dir)).rejects.toMatchObject({ code: "EISDIR" });
    await expect(unlessMissing(Promise.reject(new TypeError("a bug")))).rejects.toThrow("a bug");
    expect(await unlessMissing(Promise.reject(Object.assign(new Error("gone"), { code: "ENOENT" })))).toBeUndefined();
    expect(isMissing(undefined)).toBe(false);
  });
});
