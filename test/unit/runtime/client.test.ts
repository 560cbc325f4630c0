import { describe, expect, test } from "vitest";
import { parseState } from "../../../src/runtime/client.js";

describe("parseState", () => {
  test("reads the OCI state runc prints", () => {
    const text = '{"ociVersion":"1.0.2-dev","id":"c1","pid":42,"status":"running","bundle":"/b/c1","rootfs":"/b/c1/rootfs","created":"2026-01-01T00:00:00Z","owner":""}';
    expect(parseState(text)).toEqual({ ociVersion: "1.0.2-dev", id: "c1", status: "running", pid: 42, bundle: "/b/c1", annotations: undefined });
  });

  test("keeps isomer-runtime's OOM kill count", () => {
    expect(parseState('{"id":"c1","status":"running","pid":1,"oomKills":2}').oomKills).toBe(2);
    expect(parseState('{"id":"c1","status":"running","pid":1}')).not.toHaveProperty("oomKills");
  });

  test("says what it got when the output is not OCI state", () => {
    expect(() => parseState("oops", "crun")).toThrow(/`crun state` printed no JSON: `oops`/);
    expect(() => parseState('{"status":"running"}')).toThrow(/with `id` and `status`/);
  });
});
