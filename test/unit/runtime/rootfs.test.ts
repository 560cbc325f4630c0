import { describe, expect, test } from "vitest";
import { overlayAnnotation, overlayOptions, MOUNT_DATA_MAX } from "../../../src/runtime/rootfs.js";
import { hostsFileText } from "../../../src/runtime/etc-files.js";
import { bundlePaths } from "../../../src/runtime/bundle.js";

describe("overlay options", () => {
  test("lowerdirs are listed topmost first, relative to their common parent", () => {
    const o = overlayOptions(["/h/layers/sha256/aaa", "/h/layers/sha256/bbb"], "/h/c/1/upper", "/h/c/1/work");
    expect(o).toEqual({ cwd: "/h/layers/sha256", options: "lowerdir=bbb:aaa,upperdir=/h/c/1/upper,workdir=/h/c/1/work" });
  });

  test("fifty 64-hex layers still fit in one page thanks to relative paths", () => {
    const layers = Array.from({ length: 50 }, (_, i) => `/root/.local/share/isomer/layers/sha256/${i.toString(16).padStart(64, "0")}`);
    expect(overlayOptions(layers, "/u", "/w").options.length).toBeLessThan(MOUNT_DATA_MAX);
    const tooMany = Array.from({ length: 80 }, (_, i) => `/l/${i.toString(16).padStart(64, "0")}`);
    expect(() => overlayOptions(tooMany, "/u", "/w")).toThrow(/more than mount\(2\) takes/);
  });

  test("no layers is an error", () => {
    expect(() => overlayOptions([], "/u", "/w")).toThrow(/at least one layer/);
  });
});

describe("etc files and bundle paths", () => {
  test("/etc/hosts names the container on 127.0.1.1 unless an entry already does", () => {
    expect(hostsFileText("web")).toMatch(/^127\.0\.0\.1\tlocalhost\n[\s\S]*127\.0\.1\.1\tweb\n$/);
    const t = hostsFileText("web", ["10.0.0.2 web", "10.0.0.3 db"]);
    expect(t).not.toContain("127.0.1.1");
    expect(t.endsWith("10.0.0.2 web\n10.0.0.3 db\n")).toBe(true);
  });

  test("bundle paths sit under the base dir; bad ids are refused", () => {
    expect(bundlePaths("c1", "/b")).toMatchObject({ dir: "/b/c1", rootfs: "/b/c1/rootfs", configPath: "/b/c1/config.json" });
    expect(() => bundlePaths("../x", "/b")).toThrow(/container id/);
    expect(() => bundlePaths(".hidden", "/b")).toThrow(/container id/);
  });
});

describe("overlay annotation (rootless: mounted by the runtime)", () => {
  test("paths are absolute, and a list too long for mount(2) with `,userxattr` is refused", () => {
    expect(overlayAnnotation({ lowerDirs: ["/a"], upper: "/u", work: "/w" })).toBe("lowerdir=/a,upperdir=/u,workdir=/w");
    const many = Array.from({ length: 200 }, (_, i) => `/very/long/layer/directory/number/${i}`);
    expect(() => overlayAnnotation({ lowerDirs: many, upper: "/u", work: "/w" })).toThrow(/more than mount\(2\) takes/);
    expect(() => overlayAnnotation({ lowerDirs: ["/a:b"], upper: "/u", work: "/w" })).toThrow(/cannot carry/);
    expect(() => overlayAnnotation({ lowerDirs: [], upper: "/u", work: "/w" })).toThrow(/at least one layer/);
  });
});
