// Shell quoting and testinfra's `%s` command templates: every argument is quoted, so a path with
// spaces or quotes reaches the command as one word.

// Quote one value for a POSIX shell (single quotes; `'` becomes `'\''`).
export function shellQuote(value: string | number): string {
  const s = String(value);
  if (s !== "" && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

// Fill each `%s` of `template` with the next argument, quoted; `%%` is a literal `%`.
export function formatCommand(template: string, args: ReadonlyArray<string | number>): string {
  let next = 0;
  const out = template.replace(/%[s%]/g, (m) => {
    if (m === "%%") return "%";
    if (next >= args.length) throw new Error(`command \`${template}\` has more %s than arguments (${args.length})`);
    return shellQuote(args[next++]!);
  });
  if (next !== args.length) throw new Error(`command \`${template}\` has ${next} %s for ${args.length} arguments`);
  return out;
}
