// The pull progress line of `isomer image pull` (src/commands/image/progress.ts) and size format.
import { describe, expect, it } from "vitest";
import { pullProgress } from "../../../src/commands/image/progress.js";
import { humanSize, shortDigest } from "../../../src/commands/image/format.js";

describe("pullProgress", () => {
  it("draws blobs done, bytes and unpacking on a TTY and clears the line at the end", () => {
    let screen = "";
    const p = pullProgress("pulling debian", (t) => (screen += t), true);
    p.onEvent({ type: "blob", digest: "a", size: 2048, state: "start" });
    p.onEvent({ type: "blob", digest: "b", size: 1024, state: "cached" });
    p.onEvent({ type: "progress", digest: "a", bytes: 1024, size: 2048 });
    p.onEvent({ type: "unpack", diffId: "b", state: "start" });
    expect(screen.split("\r\x1b[2K").at(-1)).toBe("pulling debian: 1/2 blobs, 2.0 KiB / 3.0 KiB, unpacking 1");
    p.done();
    expect(screen.endsWith("\r\x1b[2K")).toBe(true);
  });

  it("prints nothing when stderr is not a TTY", () => {
    let screen = "";
    const p = pullProgress("x", (t) => (screen += t), false);
    p.onEvent({ type: "blob", digest: "a", size: 1, state: "start" });
    p.done();
    expect(screen).toBe("");
  });
});

describe("format", () => {
  it("shows sizes in binary units and short ids", () => {
    expect(humanSize(512)).toBe("512 B");
    expect(humanSize(1536)).toBe("1.5 KiB");
    expect(humanSize(88 * 1024 * 1024)).toBe("88 MiB");
    expect(shortDigest("sha256:0123456789abcdef")).toBe("0123456789ab");
  });
});
