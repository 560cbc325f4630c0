// Read the JUnit XML pytest writes (--junitxml) into VerifierCase records.
import type { VerifierCase } from "./types.js";

const unescapeXml = (s: string) =>
  s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#10;/g, "\n").replace(/&amp;/g, "&");

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescapeXml(m[1]!) : undefined;
}

// Cases of a pytest JUnit report; the instance comes from the test id (`test_x[ansible://name]`).
export function parsePytestJUnit(xml: string, fallbackInstance = "all"): VerifierCase[] {
  const cases: VerifierCase[] = [];
  for (const m of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const open = m[1]!;
    const body = m[3] ?? "";
    const name = attr(open, "name") ?? "?";
    const instance = /\[(?:[a-z]+:\/\/)?([^\]]+)\]$/.exec(name)?.[1] ?? fallbackInstance;
    const failure = /<(failure|error)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1>)/.exec(body);
    const skipped = /<skipped\b/.test(body);
    cases.push({
      instance,
      file: (attr(open, "file") ?? attr(open, "classname") ?? "").replace(/\./g, "/").replace(/\/py$/, ".py"),
      name,
      status: failure ? "failed" : skipped ? "skipped" : "passed",
      durationMs: Math.round(Number(attr(open, "time") ?? 0) * 1000),
      message: failure ? unescapeXml(`${attr(failure[2]!, "message") ?? ""}\n${failure[3] ?? ""}`.trim()) : undefined,
    });
  }
  return cases;
}
