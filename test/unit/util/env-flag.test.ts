import { describe, expect, it } from "vitest";
import { envFlag } from "../../../src/util/env-flag.js";

describe("envFlag", () => {
  it("is on for 1, true, yes, on in any case, off for anything else or unset", () => {
    for (const on of ["1", "true", "TRUE", "Yes", " on "]) expect(envFlag(on), on).toBe(true);
    for (const off of [undefined, "", "0", "false", "no", "off", "2"]) expect(envFlag(off), String(off)).toBe(false);
  });
});
