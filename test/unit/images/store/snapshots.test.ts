// The snapshot store: a saved upper directory is found under its key with its info, a second save
// under the same key keeps the first, and prune removes what no mount uses (and leaves the rest).
import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SnapshotStore } from "../../../../src/images/store/snapshots.js";
import { tmpdir } from "../../../helpers/tmpdir.js";

const key = (c: string) => c.repeat(64);

describe("SnapshotStore", () => {
  it("saves, finds, keeps the first save and prunes unused snapshots", async () => {
    const dir = tmpdir({ "upper/etc/motd": "prepared\n", "other/etc/motd": "other\n" }, "isomer-test-snapshots-");
    const store = new SnapshotStore(join(dir, "snapshots"));
    expect(await store.find(key("a"))).toBeUndefined();
    const info = { key: key("a"), created: "2026-01-01T00:00:00.000Z", image: "debian:bookworm", platform: "one" };
    const layer = await store.save(join(dir, "upper"), info);
    expect(layer).toBe(store.layerPath(key("a")));
    expect(readFileSync(join(layer, "etc/motd"), "utf8")).toBe("prepared\n");
    expect(await store.find(key("a"))).toEqual(info);
    await store.save(join(dir, "other"), { ...info, created: "later" });
    expect(readFileSync(join(layer, "etc/motd"), "utf8")).toBe("prepared\n");
    await store.save(join(dir, "other"), { ...info, key: key("b") });
    expect((await store.list()).map((s) => s.key)).toEqual([key("a"), key("b")]);
    mkdirSync(join(dir, "snapshots", `.tmp-${key("c")}-999999999`));
    writeFileSync(join(dir, "snapshots", `.tmp-${key("c")}-999999999`, "x"), "");
    // mountinfo shows lowerdirs relative to their common parent, as rootfs.ts mounts them
    expect(await store.prune(new Set([`l2:x`, `snapshots/${key("b")}/layer`]))).toBe(1);
    expect(existsSync(store.layerPath(key("a")))).toBe(false);
    expect(existsSync(store.layerPath(key("b")))).toBe(true);
    expect(existsSync(join(dir, "snapshots", `.tmp-${key("c")}-999999999`))).toBe(false);
    await expect(store.find("nope")).rejects.toThrow(/64 hex digits/);
  });
});
