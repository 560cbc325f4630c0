// A driver's own platform checks (Driver.validate) reach the user with file:line:col. No built-in
// driver has a validate() yet, so the driver registry is replaced by one whose driver checks images.
import { describe, it, expect, vi, beforeEach, afterEach } from "vitest";
import { join } from "node:path";
import type { Driver } from "../../../src/drivers/driver.js";
import { loadConfigs } from "../../../src/commands/load.js";
import { ConfigError } from "../../../src/errors.js";
import { tmpdir } from "../../helpers/tmpdir.js";

vi.mock("../../../src/drivers/index.js", () => ({
  driverNames: () => ["default", "delegated", "isomer"],
  getDriver: async (name: string): Promise<Partial<Driver>> => ({
    name,
    validate: (view) => view.platforms.flatMap((p, i) => (p.image === "forbidden" ? [{ path: `platforms[${i}].image`, message: "this driver refuses `forbidden`" }] : [])),
  }),
}));

beforeEach(() => {
  const home = tmpdir();
  vi.stubEnv("HOME", home);
  vi.stubEnv("XDG_CACHE_HOME", join(home, "cache"));
});
afterEach(() => vi.unstubAllEnvs());

describe("driver checks at load time", () => {
  it("reports the driver's issue at the line of the offending key", async () => {
    const dir = tmpdir({ "molecule/default/molecule.yml": "driver:\n  name: isomer\nplatforms:\n  - name: ok\n    image: debian:12\n  - name: bad\n    image: forbidden\n" });
    const error = await loadConfigs({ projectDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).toMatch(/molecule\.yml:7:\d+: platforms\[1\]\.image: this driver refuses `forbidden`/);
  });

  it("loads a config the driver accepts", async () => {
    const dir = tmpdir({ "molecule/default/molecule.yml": "driver:\n  name: isomer\nplatforms:\n  - name: ok\n    image: debian:12\n" });
    const [config] = await loadConfigs({ projectDir: dir });
    expect(config!.platforms.map((p) => p.name)).toEqual(["ok"]);
  });
});
