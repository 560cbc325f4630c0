import { describe, expect, it } from "vitest";
import { splitWords } from "../../../src/util/words.js";

describe("splitWords", () => {
  it("splits on whitespace with quotes and backslashes, as a shell does", () => {
    expect(splitWords(`a "b c" 'd e' f\\ g ''`).words).toEqual(["a", "b c", "d e", "f g", ""]);
  });

  it("escapes inside double quotes only the characters it is told (POSIX: \" \\ $ `)", () => {
    expect(splitWords(`"a\\nb \\$x"`, '"\\$`').words).toEqual(["a\\nb $x"]);
    expect(splitWords(`"a\\nb \\$x"`).words).toEqual(["anb $x"]);
  });

  it("reports a quote left open", () => {
    expect(splitWords(`echo "oops`)).toEqual({ words: ["echo", "oops"], openQuote: '"' });
    expect(splitWords(`echo ok`).openQuote).toBeUndefined();
  });
});
