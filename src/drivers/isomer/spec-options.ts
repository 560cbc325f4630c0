// One platform of molecule.yml (docker/podman driver keys) turned into buildSpec options.
// systemd as PID 1 gets what it needs from buildSpec's systemd mode (cgroup mount, CAP_SYS_ADMIN,
// tmpfs /run, container=, SIGRTMIN+3) without the user writing privileged or cgroup volumes.
import { ConfigError } from "../../errors.js";
import type { Platform } from "../../config/types.js";
import type { SpecOptions } from "../../runtime/spec.js";
import { containerArgs, wantsSystemd } from "./command.js";
import { platformMounts } from "./mounts.js";
import { resolveImageUser } from "../../util/image-user.js";
import type { DriverImage } from "./image.js";
import { loadSeccompProfile } from "./seccomp-file.js";
import { parseSecurityOpts } from "../../runtime/security-opts.js";
import { formatLimit, parseUlimit, ulimitsAboveHost } from "../../runtime/ulimits.js";
import { readHostLimits, type HostLimits } from "../../runtime/host-limits.js";
import type { OciRlimit } from "../../runtime/oci-types.js";

// Inputs besides the platform.
export interface SpecInputs {
  image: DriverImage;
  bundleDir: string;
  scenarioDir: string;
  netnsPath?: string; // undefined: network_mode host
  containerId: string;
  hostLimits?: HostLimits; // default: this process's
  syncNoop?: boolean; // fsync & co. answered at once (unless driver.options.fsync: true)
}

function memoryBytes(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const match = /^(\d+(?:\.\d+)?)([bkmg]?)b?$/i.exec(String(text).trim());
  if (!match) return undefined;
  const unit = { "": 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]!.toLowerCase()] ?? 1;
  return Math.round(Number(match[1]) * unit);
}

// `security_opts` and `ulimits` (grammar already checked with the config) as SpecOptions, plus
// warnings: ulimits above the host's hard limit (capped to it), LSM options with nothing to apply.
export function securityOptions(platform: Platform, inputs: Pick<SpecInputs, "scenarioDir" | "hostLimits">): { options: Partial<SpecOptions>; warnings: string[] } {
  const where = `platform \`${platform.name}\` security_opts`;
  const sec = parseSecurityOpts(platform.security_opts ?? []);
  if (typeof sec === "string") throw new ConfigError(`${where}: ${sec}`);
  const warnings = sec.lsm.map((opt) => `${platform.name}: security option \`${opt}\` not applied: this host has no AppArmor or SELinux`);
  const rlimits: OciRlimit[] = [];
  for (const spec of platform.ulimits ?? []) {
    const r = parseUlimit(spec);
    if (typeof r === "string") throw new ConfigError(`platform \`${platform.name}\` ulimits: ${r}`);
    rlimits.push(r);
  }
  for (const over of ulimitsAboveHost(rlimits, inputs.hostLimits ?? readHostLimits())) {
    warnings.push(`${platform.name}: ulimit ${over.type} asks for ${formatLimit(over.asked)}, above this host's hard limit ${formatLimit(over.ceiling)}: capped to ${formatLimit(over.ceiling)}`);
  }
  const seccomp = sec.seccomp.kind === "file" ? loadSeccompProfile(sec.seccomp.path, inputs.scenarioDir, where) : sec.seccomp.kind;
  return {
    options: { seccomp, noNewPrivileges: sec.noNewPrivileges, unmaskSystemPaths: sec.unmaskSystemPaths, ...(rlimits.length ? { rlimits } : {}) },
    warnings,
  };
}

// The SpecOptions for `platform`, plus what the driver reports (systemd, dropped volumes, warnings).
export function platformSpecOptions(platform: Platform, inputs: SpecInputs): { options: SpecOptions; systemd: boolean; ignoredVolumes: string[]; warnings: string[] } {
  const { image } = inputs;
  const args = containerArgs(platform, image);
  const systemd = wantsSystemd(platform, args);
  const mounts = platformMounts(platform, inputs.bundleDir, inputs.scenarioDir);
  const env = [...(image.config.env ?? []), ...Object.entries(platform.env ?? {}).map(([key, value]) => `${key}=${value}`)];
  const userSpec = platform.user ?? image.config.user;
  const cpus = platform.cpus === undefined ? undefined : Number(platform.cpus);
  const security = securityOptions(platform, inputs);
  const options: SpecOptions = {
    args,
    env,
    cwd: platform.working_dir ?? image.config.workingDir ?? "/",
    user: userSpec ? resolveImageUser(String(userSpec), image.layers) : undefined,
    hostname: platform.hostname ?? platform.name,
    terminal: false,
    privileged: platform.privileged ?? false,
    capAdd: [...(platform.capabilities ?? []), ...(platform.cap_add ?? [])],
    capDrop: platform.cap_drop ?? [],
    binds: mounts.binds,
    tmpfs: mounts.tmpfs,
    network: inputs.netnsPath ? { mode: "path", path: inputs.netnsPath } : { mode: "host" },
    cgroupns: platform.cgroupns_mode ?? "private",
    systemd: systemd ? { name: "isomer" } : false,
    stopSignal: platform.stop_signal ?? image.config.stopSignal,
    resources: {
      memoryBytes: memoryBytes(platform.memory),
      ...(cpus && cpus > 0 ? { cpuQuota: Math.round(cpus * 100000), cpuPeriod: 100000 } : {}),
    },
    ...security.options,
    syncNoop: inputs.syncNoop ?? false,
  };
  return { options, systemd, ignoredVolumes: mounts.ignored, warnings: security.warnings };
}
