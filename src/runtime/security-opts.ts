// Docker's `--security-opt` grammar (Molecule's `security_opts`): `KEY=VALUE`, or the older
// `KEY:VALUE`, parsed into what the spec applies. AppArmor and SELinux options are understood but
// have nothing to apply on a host without those LSMs, as with Docker there.
export type SeccompChoice = { kind: "default" } | { kind: "unconfined" } | { kind: "file"; path: string };

// The security options of one container.
export interface SecurityOptions {
  seccomp: SeccompChoice;
  noNewPrivileges: boolean;
  unmaskSystemPaths: boolean; // systempaths=unconfined
  lsm: string[]; // apparmor= / label= options given (not applicable here)
}

export const SECURITY_OPT_KEYS = ["seccomp", "no-new-privileges", "apparmor", "label", "systempaths"] as const;

// Parse `opts`; a string says what is wrong with the first bad one.
export function parseSecurityOpts(opts: readonly string[]): SecurityOptions | string {
  const out: SecurityOptions = { seccomp: { kind: "default" }, noNewPrivileges: false, unmaskSystemPaths: false, lsm: [] };
  for (const opt of opts) {
    const problem = applyOne(out, opt.trim());
    if (problem) return problem;
  }
  return out;
}

function applyOne(out: SecurityOptions, opt: string): string | undefined {
  if (opt === "no-new-privileges") return void (out.noNewPrivileges = true);
  const eq = opt.indexOf("=");
  const colon = opt.indexOf(":");
  const at = eq > 0 ? eq : colon;
  if (at <= 0) return `bad security option \`${opt}\`: write \`KEY=VALUE\` with KEY one of ${SECURITY_OPT_KEYS.join(", ")} (or \`no-new-privileges\`)`;
  const key = opt.slice(0, at);
  const value = opt.slice(at + 1);
  switch (key) {
    case "seccomp":
      if (value === "") return "bad security option `seccomp=`: give `unconfined`, `builtin` or the path of a profile JSON file";
      out.seccomp = value === "unconfined" ? { kind: "unconfined" } : value === "builtin" ? { kind: "default" } : { kind: "file", path: value };
      return;
    case "no-new-privileges":
      if (!["true", "false"].includes(value)) return `bad security option \`${opt}\`: \`no-new-privileges\` is \`true\` or \`false\``;
      out.noNewPrivileges = value === "true";
      return;
    case "systempaths":
      if (value !== "unconfined") return `bad security option \`${opt}\`: the only value of \`systempaths\` is \`unconfined\``;
      out.unmaskSystemPaths = true;
      return;
    case "apparmor":
    case "label":
      out.lsm.push(opt);
      return;
    default:
      return `unknown security option \`${key}\` in \`${opt}\`: one of ${SECURITY_OPT_KEYS.join(", ")}`;
  }
}
