// What the host allows a container to ask for: the capability bounding set and rlimit ceilings.
// runc's and Docker's defaults exceed both on these hosts (no CAP_SYS_RESOURCE, nofile 20000), and
// the kernel then refuses the container with EPERM, so the spec is capped to what is read here.
import { readFileSync } from "node:fs";

// Capability names by number (linux/capability.h), CAP_CHOWN = 0 .. CAP_CHECKPOINT_RESTORE = 40.
export const CAPABILITY_NAMES = [
  "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
  "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
  "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
  "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
  "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
  "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
  "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
  "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
] as const;

// The host's limits as buildSpec needs them; tests pass their own.
export interface HostLimits {
  // capability names in this process's bounding set
  bounding: string[];
  // hard rlimits by OCI name (RLIMIT_NOFILE ...); "unlimited" is Infinity
  hardRlimits: Record<string, number>;
}

// Decode a CapBnd hex mask into capability names (numbers beyond the table are skipped).
export function capabilitiesFromMask(hex: string): string[] {
  const mask = BigInt("0x" + hex.trim());
  return CAPABILITY_NAMES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}

// Parse /proc/self/limits text into hard limits keyed by OCI rlimit name.
export function parseProcLimits(text: string): Record<string, number> {
  const names: Record<string, string> = {
    "Max cpu time": "RLIMIT_CPU", "Max file size": "RLIMIT_FSIZE", "Max data size": "RLIMIT_DATA",
    "Max stack size": "RLIMIT_STACK", "Max core file size": "RLIMIT_CORE", "Max resident set": "RLIMIT_RSS",
    "Max processes": "RLIMIT_NPROC", "Max open files": "RLIMIT_NOFILE", "Max locked memory": "RLIMIT_MEMLOCK",
    "Max address space": "RLIMIT_AS", "Max file locks": "RLIMIT_LOCKS", "Max pending signals": "RLIMIT_SIGPENDING",
    "Max msgqueue size": "RLIMIT_MSGQUEUE", "Max nice priority": "RLIMIT_NICE",
    "Max realtime priority": "RLIMIT_RTPRIO", "Max realtime timeout": "RLIMIT_RTTIME",
  };
  const out: Record<string, number> = {};
  for (const line of text.split("\n")) {
    const m = /^(Max [a-z ]+?)\s{2,}(\S+)\s+(\S+)/.exec(line);
    if (!m || !names[m[1]!]) continue;
    out[names[m[1]!]!] = m[3] === "unlimited" ? Infinity : Number(m[3]);
  }
  return out;
}

let cached: HostLimits | undefined;

// Read (once) this process's bounding set and hard rlimits from /proc/self.
export function readHostLimits(): HostLimits {
  if (cached) return cached;
  const status = readFileSync("/proc/self/status", "utf8");
  const capBnd = /^CapBnd:\s*([0-9a-f]+)/m.exec(status)?.[1] ?? "0";
  cached = { bounding: capabilitiesFromMask(capBnd), hardRlimits: parseProcLimits(readFileSync("/proc/self/limits", "utf8")) };
  return cached;
}
