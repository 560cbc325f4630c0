// Does an installed version meet a Galaxy version specifier? ansible-galaxy's rules for collections:
// `*` (or none) is any; otherwise comma-separated clauses `==`, `!=`, `>=`, `>`, `<=`, `<`, and a bare
// version meaning `==`. Versions compare as semver: numeric core, a pre-release sorts before its release.

function parts(v: string): { core: number[]; pre?: string } {
  const [main, pre] = v.trim().replace(/^v/, "").split("+")[0]!.split(/-(.*)/s, 2);
  return { core: (main ?? "").split(".").map((n) => Number.parseInt(n, 10) || 0), pre: pre || undefined };
}

// <0, 0 or >0 as a sorts before, with or after b.
export function compareVersions(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.core.length, y.core.length, 3); i++) {
    const d = (x.core[i] ?? 0) - (y.core[i] ?? 0);
    if (d) return d;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

// True when `version` satisfies every clause of `spec`.
export function meetsSpec(version: string, spec: string | undefined): boolean {
  if (spec === undefined || spec.trim() === "" || spec.trim() === "*") return true;
  return spec.split(",").every((clause) => {
    const m = /^\s*(==|!=|>=|<=|>|<|=)?\s*(\S+)\s*$/.exec(clause);
    if (!m) return false;
    const c = compareVersions(version, m[2]!);
    switch (m[1] ?? "==") {
      case "!=": return c !== 0;
      case ">=": return c >= 0;
      case "<=": return c <= 0;
      case ">": return c > 0;
      case "<": return c < 0;
      default: return c === 0;
    }
  });
}
