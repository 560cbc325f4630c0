// Environment interpolation on the raw text of a config file, before YAML parsing, as Molecule's
// interpolation.py (after docker-compose): `$VAR`, `${VAR}`, `${VAR:-default}` (default when unset
// or empty), `${VAR-default}` (default when unset), `$$` for a literal `$`; unset becomes "".
// A default may itself contain variables (`${A:-$B}`, `${A:-${B:-x}}`).

// A mistake in the text, with its 1-based position.
export interface InterpolationError {
  line: number;
  col: number;
  message: string;
}

// The interpolated text and every mistake found (the text is unusable when errors is non-empty);
// `sourceOffset` maps an offset in `text` back to the original (a substitution maps to its `$`).
export interface InterpolationResult {
  text: string;
  errors: InterpolationError[];
  sourceOffset(offset: number): number;
}

// A run of output copied from the source (`literal`) or produced by one substitution.
interface Segment {
  out: number;
  src: number;
  literal: boolean;
}

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;

// Index of the `}` closing the `${` that starts at `open` (nested braces allowed), or -1.
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") return -1;
    if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}

// Interpolate `text` with `env`.
export function interpolate(text: string, env: Record<string, string | undefined>): InterpolationResult {
  const errors: InterpolationError[] = [];
  const segments: Segment[] = [];
  const out = expand(text, 0, env, errors, text, segments);
  const sourceOffset = (offset: number): number => {
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid]!.out <= offset) lo = mid;
      else hi = mid - 1;
    }
    const seg = segments[lo];
    if (!seg || seg.out > offset) return offset;
    return seg.literal ? seg.src + (offset - seg.out) : seg.src;
  };
  return { text: out, errors, sourceOffset };
}

function position(source: string, offset: number): { line: number; col: number } {
  const before = source.slice(0, offset);
  const line = before.split("\n").length;
  return { line, col: offset - before.lastIndexOf("\n") };
}

function expand(
  text: string, base: number, env: Record<string, string | undefined>, errors: InterpolationError[], source: string, segments?: Segment[],
): string {
  let out = "";
  let i = 0;
  // Record where output comes from (top level only; a nested default belongs to its substitution).
  const mark = (src: number, literal: boolean) => segments?.push({ out: out.length, src: base + src, literal });
  const fail = (at: number, message: string) => errors.push({ ...position(source, base + at), message });
  while (i < text.length) {
    const dollar = text.indexOf("$", i);
    if (dollar < 0) {
      mark(i, true);
      out += text.slice(i);
      break;
    }
    mark(i, true);
    out += text.slice(i, dollar);
    mark(dollar, false);
    const next = text[dollar + 1];
    if (next === "$") {
      out += "$";
      i = dollar + 2;
      continue;
    }
    if (next === "{") {
      const close = closingBrace(text, dollar + 1);
      if (close < 0) {
        fail(dollar, "unclosed `${`: expected `}` on the same line; write `$$` for a literal `$`");
        i = dollar + 2;
        continue;
      }
      const inner = text.slice(dollar + 2, close);
      const name = NAME.exec(inner)?.[0];
      const rest = name ? inner.slice(name.length) : inner;
      if (!name) {
        fail(dollar, `invalid interpolation \`\${${inner}}\`: expected a variable name ([A-Za-z_][A-Za-z0-9_]*)`);
      } else if (rest === "") {
        out += env[name] ?? "";
      } else if (rest.startsWith(":-") || rest.startsWith("-")) {
        const skip = rest.startsWith(":-") ? 2 : 1;
        const value = env[name];
        const useDefault = skip === 2 ? !value : value === undefined;
        const defaultOffset = dollar + 2 + name.length + skip;
        out += useDefault ? expand(rest.slice(skip), base + defaultOffset, env, errors, source) : value;
      } else {
        fail(dollar, `unsupported interpolation \`\${${inner}}\`: only \`\${VAR}\`, \`\${VAR:-default}\` and \`\${VAR-default}\` are supported`);
      }
      i = close + 1;
      continue;
    }
    const name = NAME.exec(text.slice(dollar + 1))?.[0];
    if (name) {
      out += env[name] ?? "";
      i = dollar + 1 + name.length;
      continue;
    }
    fail(dollar, "invalid placeholder: `$` must start `$VAR` or `${VAR}`; write `$$` for a literal `$`");
    out += "$";
    i = dollar + 1;
  }
  return out;
}
