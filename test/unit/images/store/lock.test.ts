import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withLock } from "../../../../src/images/store/lock.js";

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), "isomer-test-lock-")); });
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe("withLock", () => {
  it("runs holders one after the other and removes the lock file", async () => {
    const lock = join(dir, "x.lock");
    const order: string[] = [];
    const hold = (name: string) => withLock(lock, async () => {
      order.push(`${name}+`);
      expect(await readFile(lock, "utf8")).toMatch(new RegExp(`^${process.pid} `));
      await new Promise((r) => setTimeout(r, 30));
      order.push(`${name}-`);
    }, 5);
    await Promise.all([hold("a"), hold("b"), hold("c")]);
    expect(order.join(" ")).toMatch(/^(\w)\+ \1- (\w)\+ \2- (\w)\+ \3-$/);
    expect(existsSync(lock)).toBe(false);
  });

  it("takes over a lock whose owner is dead or whose pid was reused", async () => {
    const dead = join(dir, "dead.lock");
    await writeFile(dead, "999999999 123");
    expect(await withLock(dead, async () => "ran")).toBe("ran");
    const reused = join(dir, "reused.lock");
    await writeFile(reused, `${process.pid} 1`); // our pid, another start time: a previous owner
    expect(await withLock(reused, async () => "ran")).toBe("ran");
  });

  it("releases the lock when the holder throws", async () => {
    const lock = join(dir, "t.lock");
    await expect(withLock(lock, async () => { throw new Error("boom"); })).rejects.toThrow("boom");
    expect(existsSync(lock)).toBe(false);
  });
});
