// Docker-format seccomp profiles (`--security-opt seccomp=profile.json`, and Docker's default in
// seccomp-default.ts): checking one, and resolving it into config.json's `linux.seccomp` for a
// container, as moby's profiles/seccomp setupSeccomp does: the rules whose `includes` hold and
// whose `excludes` do not, for the container's bounding capabilities, this arch and this kernel.
import { arch as nodeArch, release } from "node:os";
import type { OciSeccomp, OciSeccompArg } from "./oci-types.js";

export const SECCOMP_ACTIONS = [
  "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO",
  "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG",
] as const;
export const SECCOMP_OPERATORS = [
  "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
] as const;
export const SECCOMP_FLAGS = ["SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_TSYNC"] as const;

// When a rule applies (Docker's `includes` / `excludes`).
export interface DockerSeccompFilter {
  caps?: string[];
  arches?: string[]; // Go's GOARCH names: amd64, arm64, s390x ...
  minKernel?: string; // "4.8"
}

// One rule of a Docker-format profile.
export interface DockerSeccompRule {
  names?: string[];
  name?: string; // the old single-name form
  action: string;
  errnoRet?: number;
  args?: OciSeccompArg[];
  includes?: DockerSeccompFilter;
  excludes?: DockerSeccompFilter;
  comment?: string;
}

// A Docker-format profile (moby's profiles/seccomp Seccomp type).
export interface DockerSeccompProfile {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures?: string[];
  archMap?: { architecture: string; subArchitectures: string[] | null }[];
  flags?: string[];
  syscalls?: DockerSeccompRule[];
}

// What the rules are resolved against.
export interface SeccompTarget {
  capabilities: string[]; // the container's bounding set
  goarch?: string; // default: this host's
  kernel?: string; // default: os.release()
}

// Node's process.arch -> Go's GOARCH (the names profiles use) and libseccomp's native arch.
const ARCHES: Record<string, { goarch: string; scmp: string }> = {
  x64: { goarch: "amd64", scmp: "SCMP_ARCH_X86_64" },
  ia32: { goarch: "386", scmp: "SCMP_ARCH_X86" },
  arm64: { goarch: "arm64", scmp: "SCMP_ARCH_AARCH64" },
  arm: { goarch: "arm", scmp: "SCMP_ARCH_ARM" },
  s390x: { goarch: "s390x", scmp: "SCMP_ARCH_S390X" },
  ppc64: { goarch: "ppc64le", scmp: "SCMP_ARCH_PPC64LE" },
  riscv64: { goarch: "riscv64", scmp: "SCMP_ARCH_RISCV64" },
};

function scmpArchOf(goarch: string): string | undefined {
  return Object.values(ARCHES).find((a) => a.goarch === goarch)?.scmp;
}

// "6.1.0-18-amd64" >= "4.8"?
function kernelAtLeast(kernel: string, min: string): boolean {
  const nums = (v: string) => v.split(/[.-]/).slice(0, 2).map((n) => Number.parseInt(n, 10) || 0);
  const [a1, a2] = nums(kernel);
  const [b1, b2] = nums(min);
  return a1! !== b1! ? a1! > b1! : a2! >= b2!;
}

// The `linux.seccomp` of `profile` for `target`.
export function resolveSeccomp(profile: DockerSeccompProfile, target: SeccompTarget): OciSeccomp {
  const goarch = target.goarch ?? ARCHES[nodeArch()]?.goarch ?? nodeArch();
  const kernel = target.kernel ?? release();
  const caps = new Set(target.capabilities);
  const native = scmpArchOf(goarch);
  const architectures = profile.archMap?.length
    ? profile.archMap.filter((a) => a.architecture === native).flatMap((a) => [a.architecture, ...(a.subArchitectures ?? [])])
    : (profile.architectures ?? []);
  const applies = (rule: DockerSeccompRule): boolean => {
    const inc = rule.includes ?? {};
    const exc = rule.excludes ?? {};
    if (exc.arches?.includes(goarch)) return false;
    if (exc.caps?.some((c) => caps.has(c))) return false;
    if (exc.minKernel && kernelAtLeast(kernel, exc.minKernel)) return false;
    if (inc.arches?.length && !inc.arches.includes(goarch)) return false;
    if (inc.caps?.length && !inc.caps.every((c) => caps.has(c))) return false;
    if (inc.minKernel && !kernelAtLeast(kernel, inc.minKernel)) return false;
    return true;
  };
  return {
    defaultAction: profile.defaultAction,
    ...(profile.defaultErrnoRet !== undefined ? { defaultErrnoRet: profile.defaultErrnoRet } : {}),
    architectures,
    ...(profile.flags?.length ? { flags: profile.flags } : {}),
    syscalls: (profile.syscalls ?? []).filter(applies).map((rule) => ({
      names: rule.names ?? (rule.name ? [rule.name] : []),
      action: rule.action,
      ...(rule.errnoRet !== undefined ? { errnoRet: rule.errnoRet } : {}),
      ...(rule.args?.length ? { args: rule.args } : {}),
    })),
  };
}

// The calls that only push written data to the disk (eatmydata's set, without msync).
export const SYNC_SYSCALLS = ["fsync", "fdatasync", "sync", "syncfs", "sync_file_range", "sync_file_range2"] as const;

// `seccomp` with the sync calls it allows unconditionally answered 0 at once (errno 0): the data
// still reaches the page cache and every reader sees it; only its durability across a host crash
// is gone. Calls the profile denies or filters by argument keep their rule.
export function withSyncNoop(seccomp: OciSeccomp): OciSeccomp {
  const sync = new Set<string>(SYNC_SYSCALLS);
  const skipped = new Set<string>();
  const syscalls = (seccomp.syscalls ?? []).flatMap((rule) => {
    if (rule.action !== "SCMP_ACT_ALLOW" || rule.args?.length) return [rule];
    const names = rule.names.filter((name) => !(sync.has(name) && skipped.add(name)));
    return names.length === rule.names.length ? [rule] : names.length ? [{ ...rule, names }] : [];
  });
  if (skipped.size === 0) return seccomp;
  return { ...seccomp, syscalls: [...syscalls, { names: [...skipped].sort(), action: "SCMP_ACT_ERRNO", errnoRet: 0 }] };
}

// One thing wrong in a profile: the key path (`syscalls[3].action`) and what is wrong.
export interface ProfileProblem {
  path: string;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;

function checkFilter(v: unknown, path: string, out: ProfileProblem[]): void {
  if (v === undefined || v === null) return;
  if (!isObject(v)) return void out.push({ path, message: "must be a map with `caps`, `arches` or `minKernel`" });
  for (const key of ["caps", "arches"]) if (v[key] !== undefined && v[key] !== null && !isStringList(v[key])) out.push({ path: `${path}.${key}`, message: "must be a list of strings" });
  if (v.minKernel !== undefined && (typeof v.minKernel !== "string" || !/^\d+\.\d+/.test(v.minKernel))) out.push({ path: `${path}.minKernel`, message: "must be a kernel version like `4.8`" });
}

// Problems of `value` as a Docker-format profile (empty: it is one).
export function checkDockerProfile(value: unknown): ProfileProblem[] {
  const out: ProfileProblem[] = [];
  if (!isObject(value)) return [{ path: "", message: "a seccomp profile is a JSON object with `defaultAction` and `syscalls`" }];
  const action = (v: unknown, path: string) => {
    if (typeof v !== "string" || !(SECCOMP_ACTIONS as readonly string[]).includes(v)) out.push({ path, message: `unknown action ${JSON.stringify(v)}: one of ${SECCOMP_ACTIONS.join(", ")}` });
  };
  action(value.defaultAction, "defaultAction");
  if (value.defaultErrnoRet !== undefined && !isCount(value.defaultErrnoRet)) out.push({ path: "defaultErrnoRet", message: "must be an errno number" });
  if (value.architectures !== undefined && value.architectures !== null && !isStringList(value.architectures)) out.push({ path: "architectures", message: "must be a list of `SCMP_ARCH_...` names" });
  if (value.architectures && value.archMap) out.push({ path: "archMap", message: "`architectures` and `archMap` cannot both be set" });
  if (value.archMap !== undefined && value.archMap !== null) {
    if (!Array.isArray(value.archMap)) out.push({ path: "archMap", message: "must be a list of `{architecture, subArchitectures}`" });
    else value.archMap.forEach((a, i) => {
      if (!isObject(a) || typeof a.architecture !== "string" || (a.subArchitectures != null && !isStringList(a.subArchitectures))) out.push({ path: `archMap[${i}]`, message: "must be `{architecture: SCMP_ARCH_..., subArchitectures: [...]}`" });
    });
  }
  if (value.flags !== undefined && value.flags !== null) {
    if (!isStringList(value.flags)) out.push({ path: "flags", message: "must be a list of strings" });
    else value.flags.forEach((f, i) => { if (!(SECCOMP_FLAGS as readonly string[]).includes(f)) out.push({ path: `flags[${i}]`, message: `unknown flag \`${f}\`: one of ${SECCOMP_FLAGS.join(", ")}` }); });
  }
  for (const key of ["listenerPath", "listenerMetadata"]) if (value[key]) out.push({ path: key, message: "seccomp notify listeners are not supported by isomer-runtime" });
  if (value.syscalls === undefined || value.syscalls === null) return out;
  if (!Array.isArray(value.syscalls)) return [...out, { path: "syscalls", message: "must be a list of rules" }];
  value.syscalls.forEach((rule, i) => {
    const at = `syscalls[${i}]`;
    if (!isObject(rule)) return void out.push({ path: at, message: "a rule is a map with `names` and `action`" });
    if (rule.name !== undefined && rule.names !== undefined) out.push({ path: at, message: "`name` and `names` cannot both be set" });
    if (rule.names !== undefined ? !isStringList(rule.names) : typeof rule.name !== "string") out.push({ path: `${at}.names`, message: "must be a list of syscall names" });
    action(rule.action, `${at}.action`);
    if (rule.errnoRet !== undefined && !isCount(rule.errnoRet)) out.push({ path: `${at}.errnoRet`, message: "must be an errno number" });
    if (rule.args !== undefined && rule.args !== null) {
      if (!Array.isArray(rule.args)) out.push({ path: `${at}.args`, message: "must be a list of `{index, value, op}`" });
      else rule.args.forEach((a, j) => {
        const ap = `${at}.args[${j}]`;
        if (!isObject(a)) return void out.push({ path: ap, message: "must be `{index, value, op}`" });
        if (!isCount(a.index) || a.index > 5) out.push({ path: `${ap}.index`, message: "must be an argument index 0..5" });
        for (const k of ["value", "valueTwo"]) if (a[k] !== undefined && !isCount(a[k])) out.push({ path: `${ap}.${k}`, message: "must be a non-negative integer" });
        if (typeof a.op !== "string" || !(SECCOMP_OPERATORS as readonly string[]).includes(a.op)) out.push({ path: `${ap}.op`, message: `unknown operator ${JSON.stringify(a.op)}: one of ${SECCOMP_OPERATORS.join(", ")}` });
      });
    }
    checkFilter(rule.includes, `${at}.includes`, out);
    checkFilter(rule.excludes, `${at}.excludes`, out);
  });
  return out;
}
