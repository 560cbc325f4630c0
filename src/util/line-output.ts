// Output of scenarios that run side by side: inside withLinePrefix(prefix, fn), everything isomer
// writes for the run (reporter lines, the echoed output of ansible-playbook and other programs)
// goes out whole lines at a time, each line starting with `prefix`, so two scenarios' output never
// mixes within a line. Outside it, output goes to stdout/stderr as it is.
import { AsyncLocalStorage } from "node:async_hooks";
import { Writable } from "node:stream";

const current = new AsyncLocalStorage<string>();

// Run `fn` with every line of its output prefixed by `prefix`.
export function withLinePrefix<T>(prefix: string, fn: () => Promise<T>): Promise<T> {
  return current.run(prefix, fn);
}

// The prefix of the run this code belongs to, if any.
export function linePrefix(): string | undefined {
  return current.getStore();
}

// A stream that writes what it receives to `target` a whole line at a time, each line with
// `prefix`; a last line without a newline is written when the stream ends.
export function prefixedLines(prefix: string, target: { write(text: string): unknown }): Writable {
  let pending = "";
  return new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, done) {
      pending += typeof chunk === "string" ? chunk : chunk.toString("utf8");
      const end = pending.lastIndexOf("\n");
      if (end >= 0) {
        target.write(prefixLines(prefix, pending.slice(0, end + 1)));
        pending = pending.slice(end + 1);
      }
      done();
    },
    final(done) {
      if (pending) target.write(prefixLines(prefix, pending + "\n"));
      pending = "";
      done();
    },
  });
}

// `text` with `prefix` before each line (a text ending without a newline keeps its last line open).
export function prefixLines(prefix: string, text: string): string {
  const lines = text.split("\n");
  const last = lines.pop()!;
  return lines.map((line) => `${prefix}${line}\n`).join("") + (last ? prefix + last : "");
}

// Write `text` to stdout, its lines prefixed when inside withLinePrefix (reporter output is whole lines).
export function writeStdout(text: string): void {
  const prefix = linePrefix();
  process.stdout.write(prefix === undefined ? text : prefixLines(prefix, text));
}
