import { describe, expect, it } from "vitest";
import { Digester, digestHex, isDigest, parseDigest, sha256Digest } from "../../../src/images/digest.js";

describe("digests", () => {
  it("hashes the empty string to the well-known sha256", () => {
    expect(sha256Digest("")).toBe("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("gives the same digest streamed in pieces as in one go, and counts bytes", () => {
    const d = new Digester();
    d.update(Buffer.from("hello "));
    d.update(Buffer.from("world"));
    expect(d.digest()).toBe(sha256Digest("hello world"));
    expect(d.size).toBe(11);
  });

  it("accepts only sha256 with 64 lowercase hex digits", () => {
    expect(isDigest("sha256:" + "0".repeat(64))).toBe(true);
    expect(isDigest("sha256:" + "A".repeat(64))).toBe(false);
    expect(isDigest("sha512:" + "0".repeat(64))).toBe(false);
    expect(() => parseDigest("sha256:../../etc")).toThrow("Expected a digest");
    expect(digestHex("sha256:" + "f".repeat(64))).toBe("f".repeat(64));
  });
});
