// Parses the Dockerfile subset Molecule's templates use into instructions: comments, line
// continuations, JSON (exec) and shell forms. Instructions are checked here, executed elsewhere.
import { ConfigError } from "../errors.js";
import { splitWords as splitShellWords } from "../util/words.js";

// Instructions isomer builds; the others are refused with a clear message.
export const SUPPORTED = ["FROM", "RUN", "ENV", "ARG", "COPY", "ADD", "WORKDIR", "USER", "LABEL", "CMD", "ENTRYPOINT", "SHELL", "EXPOSE", "VOLUME", "STOPSIGNAL"] as const;
// Instructions accepted and ignored (they do not change the filesystem or the run config we use).
const IGNORED = new Set(["MAINTAINER", "HEALTHCHECK", "ONBUILD"]);

// One instruction; `json` is set when the arguments were written as a JSON array.
export interface Instruction {
  cmd: (typeof SUPPORTED)[number];
  args: string; // raw argument text (continuations joined)
  json?: string[];
  flags: Record<string, string>; // --chown=..., --platform=...
  line: number; // 1-based line of the instruction
}

// Parse `text` (from `file`, for messages) into instructions.
export function parseDockerfile(text: string, file = "Dockerfile"): Instruction[] {
  const lines = text.split(/\r?\n/);
  const out: Instruction[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (/^\s*(#.*)?$/.test(line)) continue;
    const start = i + 1;
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      line = line.replace(/\\\s*$/, "");
      i++;
      while (i < lines.length && /^\s*#/.test(lines[i])) i++; // comment lines inside a continuation
      if (i < lines.length) line += lines[i];
    }
    const m = /^\s*([A-Za-z]+)(?:\s+([\s\S]*))?$/.exec(line);
    if (!m) throw new ConfigError(`Expected an instruction at ${file}:${start}, got \`${line.trim()}\``, { location: `${file}:${start}` });
    const cmd = m[1].toUpperCase();
    if (IGNORED.has(cmd)) continue;
    if (!(SUPPORTED as readonly string[]).includes(cmd)) {
      throw new ConfigError(`\`${cmd}\` at ${file}:${start} is not supported by isomer's builder (it builds ${SUPPORTED.join(", ")})`, { location: `${file}:${start}` });
    }
    let args = (m[2] ?? "").trim();
    const flags: Record<string, string> = {};
    if (["FROM", "COPY", "ADD", "RUN"].includes(cmd)) {
      let f: RegExpExecArray | null;
      while ((f = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(args))) {
        flags[f[1]] = f[2] ?? "";
        args = args.slice(f[0].length);
      }
    }
    const allowed: Record<string, string[]> = { FROM: ["platform"], COPY: ["chown"], ADD: ["chown"], RUN: [] };
    for (const flag of Object.keys(flags)) {
      if (!allowed[cmd].includes(flag)) {
        throw new ConfigError(`\`${cmd} --${flag}\` at ${file}:${start} is not supported by isomer's builder`, { location: `${file}:${start}`, hint: cmd === "COPY" && flag === "from" ? "multi-stage builds are not supported: build in one stage" : undefined });
      }
    }
    const instruction: Instruction = { cmd: cmd as Instruction["cmd"], args, flags, line: start };
    if (args.startsWith("[")) {
      try {
        const parsed: unknown = JSON.parse(args);
        if (Array.isArray(parsed) && parsed.every((s) => typeof s === "string")) instruction.json = parsed;
      } catch {
        // not JSON: the shell form, as Docker does
      }
    }
    if (args === "" && cmd !== "RUN") throw new ConfigError(`\`${cmd}\` at ${file}:${start} needs arguments`, { location: `${file}:${start}` });
    out.push(instruction);
  }
  if (!out.some((ins) => ins.cmd === "FROM")) throw new ConfigError(`${file} has no \`FROM\` instruction`, { location: file });
  return out;
}

// Split `text` into words the way Dockerfile ENV/LABEL/COPY do: whitespace-separated, with
// "..." and '...' quoting and backslash escapes (inside "..." a backslash escapes any character;
// an unclosed quote runs to the end).
export function splitWords(text: string): string[] {
  return splitShellWords(text).words;
}

// KEY=VALUE pairs of ENV/LABEL/ARG (or the legacy `ENV KEY value with spaces` form).
export function parsePairs(args: string, legacy = true): [string, string][] {
  const words = splitWords(args);
  if (legacy && words.length > 0 && !words[0].includes("=")) {
    const key = words[0];
    return [[key, args.trim().slice(args.trim().indexOf(key) + key.length).trim().replace(/^["']|["']$/g, "")]];
  }
  return words.map((w) => {
    const eq = w.indexOf("=");
    return eq < 0 ? [w, ""] : [w.slice(0, eq), w.slice(eq + 1)];
  });
}

// Replace $VAR, ${VAR}, ${VAR:-default} and ${VAR:+alt} from `vars` (unknown -> empty); `\$` stays `$`.
export function substitute(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (all, braced, op, word, bare) => {
    if (all === "\\$") return "$";
    const name = braced ?? bare;
    const value = vars[name];
    if (op === "-") return value ? value : word;
    if (op === "+") return value ? word : "";
    return value ?? "";
  });
}
