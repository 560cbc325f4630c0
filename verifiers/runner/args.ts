// Molecule's util.dict2args: verifier `options` from molecule.yml as command-line flags.

// `{v: true, n: 2, junit_prefix: "x", k: false}` → `-v -n 2 --junit-prefix=x` (false drops a flag,
// a list repeats it).
export function dictToArgs(options: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (value === false || value === undefined || value === null) continue;
    const flag = `${key.length === 1 ? "-" : "--"}${key.replace(/_/g, "-")}`;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v === true) out.push(flag);
      else if (key.length === 1) out.push(flag, String(v));
      else out.push(`${flag}=${String(v)}`);
    }
  }
  return out;
}
