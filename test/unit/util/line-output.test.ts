// Output of scenarios running side by side: whole lines, each with its scenario's prefix, however
// the program's output was cut into chunks.
import { describe, expect, it } from "vitest";
import { linePrefix, prefixLines, prefixedLines, withLinePrefix } from "../../../src/util/line-output.js";

describe("prefixed lines", () => {
  it("prefixes each line and keeps an unfinished last line open", () => {
    expect(prefixLines("[a] ", "one\ntwo\n")).toBe("[a] one\n[a] two\n");
    expect(prefixLines("[a] ", "one\npart")).toBe("[a] one\n[a] part");
    expect(prefixLines("[a] ", "\n")).toBe("[a] \n");
  });

  it("writes only whole lines, whatever the chunks, and the rest at the end", async () => {
    const writes: string[] = [];
    const stream = prefixedLines("[web] ", { write: (t: string) => writes.push(t) });
    for (const chunk of ["TASK [x", "] ***\nok: [h", "1]\n", "\n", "PLAY RECAP", " tail"]) stream.write(chunk);
    await new Promise<void>((resolve) => stream.end(resolve));
    expect(writes.every((w) => w.endsWith("\n"))).toBe(true);
    expect(writes.join("")).toBe("[web] TASK [x] ***\n[web] ok: [h1]\n[web] \n[web] PLAY RECAP tail\n");
  });

  it("is scoped to the run inside withLinePrefix, across awaits, and apart for runs side by side", async () => {
    expect(linePrefix()).toBeUndefined();
    const seen = await Promise.all(["[a] ", "[b] "].map((p) => withLinePrefix(p, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return linePrefix();
    })));
    expect(seen).toEqual(["[a] ", "[b] "]);
    expect(linePrefix()).toBeUndefined();
  });
});
