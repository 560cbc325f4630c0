import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { isomerHome, packageRoot, runtimeBinary, runtimeStateRoot, storeDir } from "../../../src/util/paths.js";
import { adminPath } from "../../../src/util/which.js";

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

  it("puts an ordinary user's runtime state where the runtime's own default is (not /run)", () => {
    expect(runtimeStateRoot({}, 0)).toBe("/run/isomer/runtime");
    expect(runtimeStateRoot({ ISOMER_RUNTIME_ROOT: "/tmp/rt" }, 1000)).toBe("/tmp/rt");
    expect(runtimeStateRoot({ XDG_RUNTIME_DIR: "/run/user/1000", HOME: "/home/u" }, 1000)).toBe("/run/user/1000/isomer/runtime");
    expect(runtimeStateRoot({ HOME: "/home/u" }, 1000)).toBe("/home/u/.local/share/isomer/runtime");
  });

  it("adds the administrator directories to an ordinary user's PATH once", () => {
    expect(adminPath({ PATH: "/usr/bin:/bin" })).toBe("/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin");
    expect(adminPath({ PATH: "/usr/sbin:/usr/bin" })).toBe("/usr/sbin:/usr/bin:/usr/local/sbin:/sbin");
  });
});
