import { describe, expect, it } from "vitest";
import { interpolate } from "../../../src/config/interpolate.js";

const env = { A: "alpha", EMPTY: "", B: "beta" };
const text = (t: string) => {
  const r = interpolate(t, env);
  expect(r.errors).toEqual([]);
  return r.text;
};

describe("interpolation", () => {
  it("replaces $VAR and ${VAR}", () => {
    expect(text("x: $A-${B}")).toBe("x: alpha-beta");
  });
  it("makes an unset variable the empty string", () => {
    expect(text("x: '${NOPE}$NOPE'")).toBe("x: ''");
  });
  it("uses ${VAR:-default} when unset or empty", () => {
    expect(text("${NOPE:-d} ${EMPTY:-d} ${A:-d}")).toBe("d d alpha");
  });
  it("uses ${VAR-default} only when unset", () => {
    expect(text("${NOPE-d} [${EMPTY-d}] ${A-d}")).toBe("d [] alpha");
  });
  it("expands a default that is itself a variable", () => {
    expect(text("${NOPE:-$B} ${NOPE:-${OTHER:-deep}} ${NOPE:-x${A}y}")).toBe("beta deep xalphay");
  });
  it("keeps defaults with spaces, colons and slashes", () => {
    expect(text("${IMG:-docker.io/library/debian:bookworm} ${CMD:-/bin/sh -c true}")).toBe("docker.io/library/debian:bookworm /bin/sh -c true");
  });
  it("turns $$ into a literal $", () => {
    expect(text("cost: $$5 $${A}")).toBe("cost: $5 ${A}");
  });
  it("rejects ${VAR:?message} with its position", () => {
    expect(interpolate("a: 1\nb: ${A:?required}\n", env).errors).toEqual([
      { line: 2, col: 4, message: "unsupported interpolation `${A:?required}`: only `${VAR}`, `${VAR:-default}` and `${VAR-default}` are supported" },
    ]);
  });
  it("rejects an unclosed brace", () => {
    expect(interpolate("image: ${IMG:-debian\n", env).errors).toEqual([
      { line: 1, col: 8, message: "unclosed `${`: expected `}` on the same line; write `$$` for a literal `$`" },
    ]);
  });
  it("rejects a lone $ and an empty ${}", () => {
    const r = interpolate("a: 5 $ \nb: ${}\n", env);
    expect(r.errors.map((e) => `${e.line}:${e.col}`)).toEqual(["1:6", "2:4"]);
    expect(r.errors[1]!.message).toBe("invalid interpolation `${}`: expected a variable name ([A-Za-z_][A-Za-z0-9_]*)");
  });
});
