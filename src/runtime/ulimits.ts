// Docker's ulimit grammar: `--ulimit nofile=1024:2048` (docker run) and `nofile:1024:2048`
// (Molecule's docker driver / community.docker's docker_container), hard defaulting to soft, -1
// meaning unlimited; and the caps a host puts on them (never above its hard limit).
import type { OciRlimit } from "./oci-types.js";
import type { HostLimits } from "./host-limits.js";

// Docker's ulimit names (go-units) and the OCI rlimit each sets.
export const ULIMIT_NAMES = [
  "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack",
] as const;

function value(text: string): number | undefined {
  if (text === "-1" || text === "unlimited") return Infinity; // RLIM_INFINITY: bundle.ts writes it as 2^64-1
  return /^\d{1,19}$/.test(text) && Number(text) <= Number.MAX_SAFE_INTEGER ? Number(text) : undefined;
}

// One ulimit entry as an OCI rlimit, or a string saying what is wrong.
export function parseUlimit(spec: string): OciRlimit | string {
  const m = /^\s*([a-z]+)\s*[=:]\s*([^:\s]+)(?::([^:\s]+))?\s*$/.exec(spec);
  if (!m) return `bad ulimit \`${spec}\`: write \`NAME=SOFT[:HARD]\` or \`NAME:SOFT[:HARD]\`, e.g. \`nofile=1024:4096\``;
  const name = m[1]!;
  if (!(ULIMIT_NAMES as readonly string[]).includes(name)) return `unknown ulimit \`${name}\` in \`${spec}\`: one of ${ULIMIT_NAMES.join(", ")}`;
  const soft = value(m[2]!);
  const hard = m[3] === undefined ? soft : value(m[3]);
  if (soft === undefined || hard === undefined) return `bad ulimit \`${spec}\`: limits are whole numbers or -1 (unlimited)`;
  if (soft > hard) return `bad ulimit \`${spec}\`: the soft limit ${m[2]} is above the hard limit ${m[3]}`;
  return { type: `RLIMIT_${name.toUpperCase()}`, soft, hard };
}

// A limit as a user reads it.
export function formatLimit(n: number): string {
  return n === Infinity ? "unlimited" : String(n);
}

// Each of `limits` the host cannot give (hard limit above the host's hard limit): what was asked, what it gets.
export function ulimitsAboveHost(limits: OciRlimit[], host: HostLimits): { type: string; asked: number; ceiling: number }[] {
  return limits.flatMap((r) => {
    const ceiling = host.hardRlimits[r.type] ?? Infinity;
    return r.hard > ceiling ? [{ type: r.type, asked: r.hard, ceiling }] : [];
  });
}
