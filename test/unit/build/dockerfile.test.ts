import { describe, expect, it } from "vitest";
import { parseDockerfile, parsePairs, splitWords, substitute } from "../../../src/build/dockerfile.js";

describe("parseDockerfile", () => {
  it("reads Molecule's template shape: comments, continuations, shell and JSON forms", () => {
    const text = [
      "# Molecule managed",
      "",
      "FROM debian:bookworm",
      "ENV container=docker",
      "RUN apt-get update && \\",
      "    # a comment inside a continuation",
      "    apt-get install -y python3",
      'CMD ["/lib/systemd/systemd"]',
      "COPY --chown=1000:1000 files/ /srv/",
    ].join("\n");
    const ins = parseDockerfile(text, "Dockerfile");
    expect(ins.map((i) => i.cmd)).toEqual(["FROM", "ENV", "RUN", "CMD", "COPY"]);
    expect(ins[2].args).toBe("apt-get update &&     apt-get install -y python3");
    expect(ins[2].line).toBe(5);
    expect(ins[3].json).toEqual(["/lib/systemd/systemd"]);
    expect(ins[4].flags).toEqual({ chown: "1000:1000" });
    expect(ins[4].args).toBe("files/ /srv/");
  });

  it("names the file and line of an instruction it does not build", () => {
    expect(() => parseDockerfile("FROM x\nFOO bar\n", "molecule/default/Dockerfile")).toThrow(/`FOO` at molecule\/default\/Dockerfile:2 is not supported/);
    expect(() => parseDockerfile("RUN true\n")).toThrow(/no `FROM`/);
    expect(() => parseDockerfile("FROM x\nCOPY --from=builder /a /b\n", "D")).toThrow(/`COPY --from` at D:2 is not supported/);
  });
});

describe("words, pairs and substitution", () => {
  it("splits with quotes and escapes", () => {
    expect(splitWords(`a "b c" 'd e' f\\ g`)).toEqual(["a", "b c", "d e", "f g"]);
  });

  it("reads ENV in both forms", () => {
    expect(parsePairs('A=1 B="two words"')).toEqual([["A", "1"], ["B", "two words"]]);
    expect(parsePairs("LANG C.UTF-8 extra")).toEqual([["LANG", "C.UTF-8 extra"]]);
  });

  it("substitutes $VAR, ${VAR}, defaults and alternatives", () => {
    const vars = { HOME: "/root", EMPTY: "" };
    expect(substitute("$HOME/${HOME}/${NOPE:-dflt}/${HOME:+set}/${EMPTY:-e}/\\$HOME", vars)).toBe("/root//root/dflt/set/e/$HOME");
  });
});
