import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { writeFileAtomic, writeFileAtomicSync } from "../../../src/util/atomic-write.js";
import { tmpdir } from "../../helpers/tmpdir.js";

describe("atomic writes", () => {
  it("create the parents, replace the file and leave no temporary file", async () => {
    const dir = tmpdir();
    const file = join(dir, "a/b/state.yml");
    writeFileAtomicSync(file, "one\n");
    await writeFileAtomic(file, "two\n", { mode: 0o600 });
    expect(readFileSync(file, "utf8")).toBe("two\n");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, "a/b"))).toEqual(["state.yml"]);
  });

  it("leave the old file and no temporary one when the rename fails", async () => {
    const dir = tmpdir();
    mkdirSync(join(dir, "taken/child"), { recursive: true }); // a non-empty directory cannot be replaced by a file
    expect(() => writeFileAtomicSync(join(dir, "taken"), "x")).toThrow();
    await expect(writeFileAtomic(join(dir, "taken"), "x")).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["taken"]);
  });

  it("never shows a torn file to a reader in another process while it is rewritten", async () => {
    const dir = tmpdir();
    const file = join(dir, "state.yml");
    writeFileAtomicSync(file, "n: 0\npad: " + "x".repeat(20000) + "\n");
    const reader = execa("node", ["-e", `
      const fs = require("fs"); let bad = 0, reads = 0; const end = Date.now() + 1500;
      while (Date.now() < end) { const t = fs.readFileSync(${JSON.stringify(file)}, "utf8"); reads++;
        if (!t.endsWith("\\n") || !t.startsWith("n: ")) bad++; }
      console.log(JSON.stringify({ bad, reads }));`]);
    let writes = 0;
    while (reader.exitCode === null && writes < 100000) {
      writeFileAtomicSync(file, `n: ${++writes}\npad: ${"y".repeat(20000 + (writes % 7) * 1000)}\n`);
      await new Promise((r) => setImmediate(r));
    }
    const { stdout } = await reader;
    const result = JSON.parse(stdout) as { bad: number; reads: number };
    expect(result.reads).toBeGreaterThan(0);
    expect(writes).toBeGreaterThan(0);
    expect(result.bad).toBe(0);
  });
});
