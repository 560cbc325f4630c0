// Store leases: a process that wrote to a store leaves no lease behind when it ends normally (every
// isomer run used to leave `store/.leases/<pid>` until the next prune); a dead owner's lease is
// removed by the next look at the leases.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { oldestLiveLease } from "../../../../src/images/store/leases.js";
import { packageRoot } from "../../../../src/util/paths.js";

describe("store leases", () => {
  it("are removed when their process exits normally", () => {
    const store = mkdtempSync(join(tmpdir(), "isomer-test-leases-"));
    try {
      const hooks = pathToFileURL(join(packageRoot(), "test", "helpers", "ts-hooks.mjs")).href;
      const leases = pathToFileURL(join(packageRoot(), "src", "images", "store", "leases.ts")).href;
      const script = `import { register } from "node:module"; register(${JSON.stringify(hooks)}); const { touchLease } = await import(${JSON.stringify(leases)}); await touchLease(process.argv[1]); const fs = await import("node:fs"); console.log(fs.readdirSync(process.argv[1] + "/.leases").length);`;
      const during = execFileSync(process.execPath, ["--input-type=module", "-e", script, store], { encoding: "utf8" });
      expect(during.trim()).toBe("1");
      expect(readdirSync(join(store, ".leases"))).toEqual([]);
    } finally {
      rmSync(store, { recursive: true, force: true });
    }
  });

  it("of a dead owner are removed by the next look", async () => {
    const store = mkdtempSync(join(tmpdir(), "isomer-test-leases-"));
    try {
      mkdirSync(join(store, ".leases"));
      writeFileSync(join(store, ".leases", "999999999"), "999999999 1");
      expect(await oldestLiveLease(store)).toBeUndefined();
      expect(existsSync(join(store, ".leases", "999999999"))).toBe(false);
    } finally {
      rmSync(store, { recursive: true, force: true });
    }
  });
});
