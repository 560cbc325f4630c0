// The subset of the OCI runtime-spec config.json (v1.0.2) that isomer writes and the runtime reads.
import type { IdMapping } from "../util/idmap.js";

// One mount in config.json `mounts`.
export interface OciMount {
  destination: string;
  type?: string;
  source?: string;
  options?: string[];
}

// A POSIX rlimit entry, e.g. `{ type: "RLIMIT_NOFILE", soft: 1024, hard: 1024 }`.
export interface OciRlimit {
  type: string;
  soft: number;
  hard: number;
}

// Capability sets of the container process (names like `CAP_CHOWN`).
export interface OciCapabilities {
  bounding: string[];
  effective: string[];
  permitted: string[];
  inheritable?: string[];
  ambient?: string[];
}

// The container's process: what `start` runs (and, as a template, what `exec --process` runs).
export interface OciProcess {
  terminal?: boolean;
  user: { uid: number; gid: number; additionalGids?: number[] };
  args: string[];
  env: string[];
  cwd: string;
  capabilities?: OciCapabilities;
  rlimits?: OciRlimit[];
  noNewPrivileges?: boolean;
}

// A namespace to create (no path) or join (path).
export interface OciNamespace {
  type: "pid" | "network" | "mount" | "ipc" | "uts" | "user" | "cgroup";
  path?: string;
}

// A devices-cgroup rule.
export interface OciDeviceRule {
  allow: boolean;
  type?: string;
  major?: number;
  minor?: number;
  access?: string;
}

// cgroup resources the runtime applies (v1 or v2, whichever the host has).
export interface OciResources {
  devices?: OciDeviceRule[];
  memory?: { limit?: number; swap?: number };
  cpu?: { shares?: number; quota?: number; period?: number; cpus?: string };
  pids?: { limit: number };
  blockIO?: OciBlockIO;
}

// Block I/O rates per device (v2 io.max, v1 blkio.throttle.*).
export interface OciThrottle { major: number; minor: number; rate: number }
export interface OciBlockIO {
  throttleReadBpsDevice?: OciThrottle[];
  throttleWriteBpsDevice?: OciThrottle[];
  throttleReadIOPSDevice?: OciThrottle[];
  throttleWriteIOPSDevice?: OciThrottle[];
}

// One argument condition of a seccomp rule.
export interface OciSeccompArg {
  index: number;
  value: number;
  valueTwo?: number;
  op: string; // SCMP_CMP_EQ ...
}

// `linux.seccomp`: the filter the runtime installs before exec.
export interface OciSeccomp {
  defaultAction: string; // SCMP_ACT_ERRNO ...
  defaultErrnoRet?: number;
  architectures?: string[]; // SCMP_ARCH_X86_64 ...
  flags?: string[];
  syscalls?: { names: string[]; action: string; errnoRet?: number; args?: OciSeccompArg[] }[];
}

// The `linux` section.
export interface OciLinux {
  namespaces: OciNamespace[];
  resources?: OciResources;
  cgroupsPath?: string;
  maskedPaths?: string[];
  readonlyPaths?: string[];
  sysctl?: Record<string, string>;
  seccomp?: OciSeccomp;
  uidMappings?: IdMapping[];
  gidMappings?: IdMapping[];
}

// A whole config.json.
export interface OciSpec {
  ociVersion: string;
  process: OciProcess;
  root: { path: string; readonly?: boolean };
  hostname?: string;
  mounts: OciMount[];
  linux: OciLinux;
  annotations?: Record<string, string>;
}

// The OCI state a runtime prints for `state ID`.
export interface OciState {
  ociVersion: string;
  id: string;
  status: "creating" | "created" | "running" | "stopped";
  pid: number;
  bundle: string;
  annotations?: Record<string, string>;
  oomKills?: number; // isomer-runtime: OOM kills counted by the memory controller (while the cgroup exists)
}
