import { describe, it, expect } from "vitest";
import { existsSync, writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { acquireLock, lockHolder, LOCK_FILE } from "../../../src/scenario/lock.js";
import { IsomerError } from "../../../src/errors.js";
import { ownerRecord, processStartTime } from "../../../src/util/owner.js";
import { tmpdir } from "../../helpers/tmpdir.js";

describe("scenario lock", () => {
  it("is held by one owner and released", () => {
    const dir = tmpdir();
    const lock = acquireLock(dir, "default");
    expect(readFileSync(join(dir, LOCK_FILE), "utf8").trim()).toBe(ownerRecord());
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it("refuses a second process's lock with exit code 3, naming its PID", async () => {
    const dir = tmpdir();
    const other = execa("sleep", ["30"]);
    try {
      writeFileSync(join(dir, LOCK_FILE), `${other.pid}\n`);
      let error: unknown;
      try {
        acquireLock(dir, "default");
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(IsomerError);
      expect((error as IsomerError).exitCode).toBe(3);
      expect((error as IsomerError).message).toBe(`Scenario \`default\` is in use by isomer process \`${other.pid}\` (lock \`${join(dir, LOCK_FILE)}\`)`);
    } finally {
      other.kill();
      await other.catch(() => {});
    }
  });

  it("takes over a stale lock left by a dead process", async () => {
    const dir = tmpdir();
    const dead = await execa("sh", ["-c", "echo $$"]);
    writeFileSync(join(dir, LOCK_FILE), `${dead.stdout.trim()}\n`);
    const lock = acquireLock(dir, "default");
    expect(readFileSync(join(dir, LOCK_FILE), "utf8").trim()).toBe(ownerRecord());
    lock.release();
  });

  it("takes over a lock whose pid now belongs to another process (its start time differs)", () => {
    const dir = tmpdir();
    writeFileSync(join(dir, LOCK_FILE), `1 ${Number(processStartTime(1)) + 1}\nconverge\n`); // pid 1 lives, but started at another tick
    expect(lockHolder(dir)).toBeUndefined();
    const lock = acquireLock(dir, "default");
    expect(readFileSync(join(dir, LOCK_FILE), "utf8")).toMatch(new RegExp(`^${process.pid} \\d+\n$`));
    lock.release();
  });

  it("lets exactly one of two racing processes win", async () => {
    const dir = tmpdir();
    // Each child tries the same O_EXCL create the lock uses; exactly one may succeed.
    const script = `const fs=require("fs");try{const fd=fs.openSync(${JSON.stringify(join(dir, LOCK_FILE))},"wx");fs.writeSync(fd,process.pid+"\\n");console.log("won")}catch(e){console.log(e.code)}`;
    const runs = await Promise.all([1, 2, 3, 4].map(() => execa("node", ["-e", script])));
    expect(runs.map((r) => r.stdout).filter((s) => s === "won")).toHaveLength(1);
    expect(() => acquireLock(dir, "default")).not.toThrow(); // winners are dead now: stale, taken over
  });
});

describe("scenario lock takeover", () => {
  it("treats an empty lock file as being written, then as stale", () => {
    const dir = tmpdir();
    writeFileSync(join(dir, LOCK_FILE), "");
    const lock = acquireLock(dir, "default");
    expect(readFileSync(join(dir, LOCK_FILE), "utf8").trim()).toBe(ownerRecord());
    lock.release();
  });

  it("records the holder's current action without letting the lock go", () => {
    const dir = tmpdir();
    const lock = acquireLock(dir, "default");
    lock.mark("destroy");
    expect(lockHolder(dir)).toEqual({ pid: process.pid, action: "destroy" });
    expect(() => acquireLock(dir, "default", process.pid + 100000)).toThrow(/in use by isomer process/);
    lock.release();
    expect(lockHolder(dir)).toBeUndefined();
  });
});
