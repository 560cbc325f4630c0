// buildSpec(): typed container options -> a standard OCI runtime config.json with Docker's
// defaults, capped to what this host allows (see host-limits.ts). Pure: no file is written here.
import type { OciBlockIO, OciMount, OciNamespace, OciResources, OciRlimit, OciSpec } from "./oci-types.js";
import { readHostLimits, type HostLimits } from "./host-limits.js";
import { resolveCapabilities } from "./capabilities.js";
import { resolveSeccomp, withSyncNoop, type DockerSeccompProfile } from "./seccomp-profile.js";
import { dockerDefaultProfile } from "./seccomp-default.js";
import { overlayAnnotation, ROOTFS_OVERLAY_ANNOTATION, type OverlayLayers } from "./rootfs.js";
import type { IdMap } from "../util/idmap.js";
import {
  DEFAULT_NOFILE, DEFAULT_PATH, DOCKER_MASKED_PATHS, DOCKER_READONLY_PATHS, defaultMounts,
} from "./spec-defaults.js";

// The annotation that records the signal which stops the container gracefully.
export const STOP_SIGNAL_ANNOTATION = "org.opencontainers.image.stopSignal";

// Where the container's network namespace comes from: a new empty one, the host's, or a path.
export type NetworkOption = { mode: "new" } | { mode: "host" } | { mode: "path"; path: string };

// A user namespace for the container (rootless mode): a new one with `idmap` (written by
// newuidmap/newgidmap), or the one at `path` (the scenario network holder's).
export type UserNamespaceOption = { mode: "new"; idmap: IdMap } | { mode: "path"; path: string };

// Typed options for buildSpec (host paths only: volumes are resolved by the driver).
export interface SpecOptions {
  args: string[];
  env?: string[]; // K=V, later entries win
  cwd?: string;
  user?: { uid: number; gid: number; additionalGids?: number[] };
  hostname?: string;
  terminal?: boolean;
  rootfs?: string; // default "rootfs" (relative to the bundle)
  readonlyRootfs?: boolean;
  privileged?: boolean;
  capAdd?: string[]; // "NET_ADMIN" or "CAP_NET_ADMIN"; "ALL"
  capDrop?: string[];
  binds?: { source: string; destination: string; readonly?: boolean }[];
  tmpfs?: { destination: string; options?: string[] }[];
  mounts?: OciMount[]; // extra raw mounts, appended last
  resources?: { memoryBytes?: number; pids?: number; cpuShares?: number; cpuQuota?: number; cpuPeriod?: number; blockIO?: OciBlockIO };
  network?: NetworkOption;
  cgroupns?: "private" | "host";
  cgroupsPath?: string;
  systemd?: boolean | { name: string }; // systemd as PID 1: see systemdAdditions()
  rlimits?: OciRlimit[];
  sysctl?: Record<string, string>;
  stopSignal?: string;
  // the seccomp profile of a container that is not privileged (Docker's): its default, none, or a
  // Docker-format profile; privileged containers get none, as in Docker
  seccomp?: "default" | "unconfined" | DockerSeccompProfile;
  // with a seccomp profile: fsync and the other sync calls return 0 at once (withSyncNoop)
  syncNoop?: boolean;
  noNewPrivileges?: boolean;
  unmaskSystemPaths?: boolean; // Docker's systempaths=unconfined: no masked or read-only /proc paths
  annotations?: Record<string, string>;
  userNamespace?: UserNamespaceOption;
  rootfsOverlay?: OverlayLayers; // rootless: the runtime mounts this overlay as the rootfs, in the container's namespaces
  hostLimits?: HostLimits; // for tests; default: read from /proc/self
}

// Build the config.json object for `opts`.
export function buildSpec(opts: SpecOptions): OciSpec {
  const host = opts.hostLimits ?? readHostLimits();
  const privileged = opts.privileged ?? false;
  const systemd = opts.systemd ? (opts.systemd === true ? { name: opts.hostname ?? "isomer" } : opts.systemd) : undefined;
  const caps = resolveCapabilities({
    privileged, bounding: host.bounding, add: [...(opts.capAdd ?? []), ...(systemd ? ["CAP_SYS_ADMIN"] : [])], drop: opts.capDrop ?? [],
  });
  const mounts = defaultMounts({ sysRw: privileged, cgroupRw: privileged || systemd !== undefined });
  // a user namespace may mount sysfs only with a network namespace of its own: on the host's
  // network (a rootless build step) /sys is the host's, bound read-only, as podman does
  if (opts.userNamespace && opts.network?.mode === "host")
    for (const m of mounts) if (m.type === "sysfs") Object.assign(m, { type: "bind", source: "/sys", options: ["rbind", "nosuid", "noexec", "nodev", "ro"] });
  if (systemd) {
    mounts.push({ destination: "/run", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "mode=755"] });
    mounts.push({ destination: "/run/lock", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "noexec", "mode=1777"] });
  }
  for (const b of opts.binds ?? []) {
    mounts.push({ destination: b.destination, type: "bind", source: b.source, options: ["rbind", "rprivate", b.readonly ? "ro" : "rw"] });
  }
  for (const t of opts.tmpfs ?? []) {
    mounts.push({ destination: t.destination, type: "tmpfs", source: "tmpfs", options: t.options ?? ["nosuid", "nodev", "mode=1777"] });
  }
  mounts.push(...(opts.mounts ?? []));
  const stopSignal = opts.stopSignal ?? (systemd ? "SIGRTMIN+3" : undefined);
  const annotations = {
    ...(opts.annotations ?? {}),
    ...(stopSignal ? { [STOP_SIGNAL_ANNOTATION]: stopSignal } : {}),
    ...(opts.rootfsOverlay ? { [ROOTFS_OVERLAY_ANNOTATION]: overlayAnnotation(opts.rootfsOverlay) } : {}),
  };
  const userns = opts.userNamespace;
  return {
    ociVersion: "1.0.2",
    process: {
      terminal: opts.terminal ?? false,
      user: opts.user ?? { uid: 0, gid: 0 },
      args: opts.args,
      env: buildEnv(opts.env ?? [], systemd?.name),
      cwd: opts.cwd ?? "/",
      capabilities: { bounding: caps, effective: caps, permitted: caps },
      rlimits: capRlimits(opts.rlimits ?? [], host),
      noNewPrivileges: opts.noNewPrivileges ?? false,
    },
    root: { path: opts.rootfs ?? "rootfs", readonly: opts.readonlyRootfs ?? false },
    hostname: opts.hostname,
    mounts,
    linux: {
      namespaces: [
        ...(userns ? [userns.mode === "path" ? { type: "user" as const, path: userns.path } : { type: "user" as const }] : []),
        ...namespaces(opts.network ?? { mode: "new" }, systemd ? "private" : (opts.cgroupns ?? "private")),
      ],
      ...(userns?.mode === "new" ? { uidMappings: userns.idmap.uidMappings, gidMappings: userns.idmap.gidMappings } : {}),
      resources: resources(opts.resources, privileged),
      cgroupsPath: opts.cgroupsPath,
      maskedPaths: privileged || opts.unmaskSystemPaths ? [] : [...DOCKER_MASKED_PATHS],
      readonlyPaths: privileged || opts.unmaskSystemPaths ? [] : [...DOCKER_READONLY_PATHS],
      ...(opts.sysctl ? { sysctl: opts.sysctl } : {}),
      ...seccomp(opts.seccomp, privileged, caps, opts.syncNoop ?? false),
    },
    ...(Object.keys(annotations).length ? { annotations } : {}),
  };
}

// `linux.seccomp` for the container's bounding capabilities (none when privileged or unconfined).
function seccomp(choice: SpecOptions["seccomp"], privileged: boolean, caps: string[], syncNoop: boolean): { seccomp?: OciSpec["linux"]["seccomp"] } {
  if (privileged || choice === "unconfined") return {};
  const profile = choice === undefined || choice === "default" ? dockerDefaultProfile() : choice;
  const resolved = resolveSeccomp(profile, { capabilities: caps });
  return { seccomp: syncNoop ? withSyncNoop(resolved) : resolved };
}

// PATH default first, the caller's entries override by key; `container=` for systemd.
function buildEnv(env: string[], systemdName: string | undefined): string[] {
  const byKey = new Map<string, string>([["PATH", `PATH=${DEFAULT_PATH}`]]);
  if (systemdName) byKey.set("container", `container=${systemdName}`);
  for (const kv of env) byKey.set(kv.split("=", 1)[0]!, kv);
  return [...byKey.values()];
}

// RLIMIT_NOFILE default plus the caller's, each capped at the host's hard limit.
function capRlimits(user: OciRlimit[], host: HostLimits): OciRlimit[] {
  const byType = new Map<string, OciRlimit>([["RLIMIT_NOFILE", { type: "RLIMIT_NOFILE", soft: DEFAULT_NOFILE, hard: DEFAULT_NOFILE }]]);
  for (const r of user) byType.set(r.type, { ...r });
  return [...byType.values()].map((r) => {
    const ceiling = host.hardRlimits[r.type] ?? Infinity;
    const hard = Math.min(r.hard, ceiling);
    return { type: r.type, soft: Math.min(r.soft, hard), hard };
  });
}

function namespaces(net: NetworkOption, cgroupns: "private" | "host"): OciNamespace[] {
  const list: OciNamespace[] = [{ type: "pid" }, { type: "ipc" }, { type: "uts" }, { type: "mount" }];
  if (net.mode === "new") list.push({ type: "network" });
  if (net.mode === "path") list.push({ type: "network", path: net.path });
  if (cgroupns === "private") list.push({ type: "cgroup" });
  return list;
}

function resources(r: SpecOptions["resources"], privileged: boolean): OciResources {
  // deny-all first: the runtime then allows its default device list (null, zero, tty, ...)
  const out: OciResources = { devices: [{ allow: privileged, access: "rwm" }] };
  if (r?.memoryBytes !== undefined) out.memory = { limit: r.memoryBytes };
  if (r?.pids !== undefined) out.pids = { limit: r.pids };
  if (r?.blockIO !== undefined) out.blockIO = r.blockIO;
  if (r?.cpuShares !== undefined || r?.cpuQuota !== undefined) {
    out.cpu = { shares: r.cpuShares, quota: r.cpuQuota, period: r.cpuQuota !== undefined ? (r.cpuPeriod ?? 100000) : r.cpuPeriod };
  }
  return out;
}
