import { describe, expect, it } from "vitest";
import { execa } from "execa";
import { ownerAlive, ownerRecord, parseOwner, processStartTime } from "../../../src/util/owner.js";

describe("owner records", () => {
  it("know this process and not a made-up one", () => {
    expect(ownerAlive(ownerRecord())).toBe(true);
    expect(ownerRecord()).toBe(`${process.pid} ${processStartTime(process.pid)}`);
    expect(ownerAlive("999999999 1")).toBe(false);
    expect(ownerAlive("garbage")).toBe(false);
    expect(ownerAlive("")).toBe(false);
  });

  it("tell a pid taken by another process from its first owner by the start time", () => {
    expect(ownerAlive("1")).toBe(true); // no start time recorded (older files): the pid alone
    expect(ownerAlive(`1 ${processStartTime(1)}`)).toBe(true);
    expect(ownerAlive(`1 ${Number(processStartTime(1)) + 1}`)).toBe(false); // pid 1 lives, but did not start then
  });

  it("end with their process", async () => {
    const child = await execa("sh", ["-c", "echo $$"]);
    expect(ownerAlive(child.stdout.trim())).toBe(false);
    expect(ownerRecord(Number(child.stdout.trim()))).toBe(child.stdout.trim());
  });

  it("parse as pid and start time", () => {
    expect(parseOwner("42 777\n")).toEqual({ pid: 42, start: "777" });
    expect(parseOwner("42 0")).toEqual({ pid: 42 });
    expect(parseOwner("x")).toEqual({ pid: NaN });
  });
});
