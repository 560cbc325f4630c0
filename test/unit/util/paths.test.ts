import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { isomerHome, packageRoot, runtimeBinary, storeDir } from "../../../src/util/paths.js";

describe("paths", () => {
  it("finds the package root that holds native/ and package.json", () => {
    const root = packageRoot();
    expect(existsSync(join(root, "package.json"))).toBe(true);
    expect(existsSync(join(root, "native"))).toBe(true);
  });

  it("honours ISOMER_HOME and ISOMER_RUNTIME", () => {
    expect(isomerHome({ ISOMER_HOME: "/tmp/x" })).toBe("/tmp/x");
    expect(storeDir({ ISOMER_HOME: "/tmp/x" })).toBe("/tmp/x/store");
    expect(runtimeBinary({ ISOMER_RUNTIME: "/usr/bin/crun" })).toBe("/usr/bin/crun");
    expect(runtimeBinary({})).toBe(join(packageRoot(), "native", "build", "isomer-runtime"));
  });

  it("defaults ISOMER_HOME to ~/.local/share/isomer", () => {
    expect(isomerHome({ HOME: "/home/u" } as NodeJS.ProcessEnv)).toMatch(/\.local\/share\/isomer$/);
  });
});
