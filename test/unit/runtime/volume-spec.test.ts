import { describe, expect, it } from "vitest";
import { parseVolumeSpec } from "../../../src/runtime/volume-spec.js";
import { platformRules } from "../../../src/config/rules-platforms.js";

describe("volumes (Docker's -v grammar)", () => {
  it.each([
    ["/srv", { kind: "anonymous", destination: "/srv", readonly: false }],
    ["/srv:ro", { kind: "anonymous", destination: "/srv", readonly: true }],
    ["data:/data", { kind: "named", name: "data", destination: "/data", readonly: false }],
    ["/host:/ctr:ro,Z", { kind: "bind", source: "/host", destination: "/ctr", readonly: true }],
    ["./x:/x:rw", { kind: "bind", source: "./x", destination: "/x", readonly: false }],
    ["~/x:/x", { kind: "bind", source: "~/x", destination: "/x", readonly: false }],
  ])("%s", (spec, want) => expect(parseVolumeSpec(spec)).toEqual(want));

  it.each([
    ["srv", /absolute container path/],
    ["a:b", /absolute container path/],
    ["/a:/b:xyz", /bad volume mode `xyz`/],
    ["/a:/b:ro:extra", /write `\/dst`/],
    [":/b", /source before `:` is empty/],
    ["my vol:/b", /bad volume name `my vol`/],
  ])("%s is refused", (spec, why) => expect(parseVolumeSpec(spec)).toMatch(why));

  it("is checked when molecule.yml is read, at the entry", () => {
    expect(platformRules([{ name: "a", volumes: ["/ok", "rel"] }], true)).toEqual([
      { severity: "error", path: "platforms[0].volumes[1]", message: "Expected an absolute container path in volume `rel`, got `rel`" },
    ]);
  });
});
