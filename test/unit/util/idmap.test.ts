import { describe, expect, test } from "vitest";
import { hostId, MAX_SUBORDINATE, parseSubIds, rootlessIdMap, unshareArgs } from "../../../src/util/idmap.js";

describe("parseSubIds", () => {
  const text = "# comment\nalice:100000:65536\n1001:200000:1000\nbob:300000:0\nbob:400000:70000\n";
  test("finds the user's first range by name", () => {
    expect(parseSubIds(text, "alice", 1000)).toEqual({ start: 100000, count: 65536 });
  });
  test("finds a range keyed by the numeric uid", () => {
    expect(parseSubIds(text, "carol", 1001)).toEqual({ start: 200000, count: 1000 });
  });
  test("skips empty ranges and takes the next one", () => {
    expect(parseSubIds(text, "bob", 1002)).toEqual({ start: 400000, count: 70000 });
  });
  test("undefined when the user has none", () => {
    expect(parseSubIds(text, "dave", 1003)).toBeUndefined();
  });
});

describe("rootlessIdMap", () => {
  const map = rootlessIdMap(1000, 1000, { start: 100000, count: 70000 }, { start: 100000, count: 100 });
  test("container root is the caller; the rest comes from the subordinate range, capped", () => {
    expect(map.uidMappings).toEqual([
      { containerID: 0, hostID: 1000, size: 1 },
      { containerID: 1, hostID: 100000, size: MAX_SUBORDINATE },
    ]);
    expect(map.gidMappings[1]).toEqual({ containerID: 1, hostID: 100000, size: 100 });
  });
  test("hostId follows the mapping", () => {
    expect(hostId(map.uidMappings, 0)).toBe(1000);
    expect(hostId(map.uidMappings, 1)).toBe(100000);
    expect(hostId(map.uidMappings, 65534)).toBe(165533);
    expect(hostId(map.gidMappings, 101)).toBeUndefined();
  });
});

describe("unshareArgs", () => {
  test("passes every mapping line to isomer-runtime unshare, then the command after --", () => {
    const idmap = rootlessIdMap(1000, 1000, { start: 100000, count: 65536 }, { start: 200000, count: 65536 });
    expect(unshareArgs(idmap, ["isomer-unpack", "--userxattr", "/d"], { net: true })).toEqual([
      "unshare", "--net", "--uid-map=0:1000:1", "--uid-map=1:100000:65536", "--gid-map=0:1000:1", "--gid-map=1:200000:65536",
      "--", "isomer-unpack", "--userxattr", "/d",
    ]);
  });
});
