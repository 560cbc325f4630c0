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

// The interpolated text and every mistake found (the text is unusable when errors is non-empty).
export interface InterpolationResult {
  text: string;
  errors: InterpolationError[];
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
  const out = expand(text, 0, env, errors, text);
  return { text: out, errors };
}

function position(source: string, offset: number): { line: number; col: number } {
  const before = source.slice(0, offset);
  const line = before.split("\n").length;
  return { line, col: offset - before.lastIndexOf("\n") };
}

function expand(text: string, base: number, env: Record<string, string | undefined>, errors: InterpolationError[], source: string): string {
  let out = "";
  let i = 0;
  const fail = (at: number, message: string) => errors.push({ ...position(source, base + at), message });
  while (i < text.length) {
    const dollar = text.indexOf("$", i);
    if (dollar < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, dollar);
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
