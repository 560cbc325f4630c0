// One platform of molecule.yml (docker/podman driver keys) turned into buildSpec options.
// systemd as PID 1 gets what it needs from buildSpec's systemd mode (cgroup mount, CAP_SYS_ADMIN,
// tmpfs /run, container=, SIGRTMIN+3) without the user writing privileged or cgroup volumes.
import type { Platform } from "../../config/types.js";
import type { SpecOptions } from "../../runtime/spec.js";
import { containerArgs, wantsSystemd } from "./command.js";
import { platformMounts } from "./mounts.js";
import { resolveImageUser } from "../../util/image-user.js";
import type { DriverImage } from "./image.js";

// Inputs besides the platform.
export interface SpecInputs {
  image: DriverImage;
  bundleDir: string;
  scenarioDir: string;
  netnsPath?: string; // undefined: network_mode host
  containerId: string;
}

function memoryBytes(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const match = /^(\d+(?:\.\d+)?)([bkmg]?)b?$/i.exec(String(text).trim());
  if (!match) return undefined;
  const unit = { "": 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]!.toLowerCase()] ?? 1;
  return Math.round(Number(match[1]) * unit);
}

// The SpecOptions for `platform`, plus what the driver reports (systemd, dropped volumes).
export function platformSpecOptions(platform: Platform, inputs: SpecInputs): { options: SpecOptions; systemd: boolean; ignoredVolumes: string[] } {
  const { image } = inputs;
  const args = containerArgs(platform, image);
  const systemd = wantsSystemd(platform, args);
  const mounts = platformMounts(platform, inputs.bundleDir, inputs.scenarioDir);
  const env = [...(image.config.env ?? []), ...Object.entries(platform.env ?? {}).map(([key, value]) => `${key}=${value}`)];
  const userSpec = platform.user ?? image.config.user;
  const cpus = platform.cpus === undefined ? undefined : Number(platform.cpus);
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
  };
  return { options, systemd, ignoredVolumes: mounts.ignored };
}
