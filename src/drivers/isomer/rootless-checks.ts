// What cannot work for an ordinary user (rootless isomer), refused at validation with the platform
// key (the loader adds file:line:col), never a half-working instance: a privileged instance's real
// host capabilities, `network_mode: host` (its iptables and interfaces are the host's), and host
// ports below net.ipv4.ip_unprivileged_port_start.
import { readFileSync } from "node:fs";
import type { Platform } from "../../config/types.js";
import { PrerequisiteError } from "../../errors.js";
import { callerIdMap, SubIdError } from "../../util/idmap.js";
import type { DriverContext, DriverIssue } from "../driver.js";

// The lowest port an ordinary user may bind (1024 unless the administrator lowered it).
export function unprivilegedPortStart(file = "/proc/sys/net/ipv4/ip_unprivileged_port_start"): number {
  try {
    const value = Number(readFileSync(file, "utf8").trim());
    return Number.isInteger(value) && value >= 0 ? value : 1024;
  } catch {
    return 1024;
  }
}

// The refusals for `platforms` when isomer runs as an ordinary user.
export function rootlessIssues(platforms: Platform[], portStart: number): DriverIssue[] {
  const issues: DriverIssue[] = [];
  platforms.forEach((p, i) => {
    if (p.privileged === true)
      issues.push({ path: `platforms[${i}].privileged`, message: "Expected `privileged` to be false when isomer runs without root: a privileged instance needs the host's real capabilities, which an ordinary user's namespace does not have (run as root, or drop `privileged` and add the capabilities the role needs with `capabilities`)" });
    if (p.network_mode === "host")
      issues.push({ path: `platforms[${i}].network_mode`, message: "Expected `network_mode` other than `host` when isomer runs without root: the host's network (its interfaces and iptables) cannot be changed by an ordinary user (run as root, or remove `network_mode` and publish ports with `published_ports`)" });
    p.published_ports.forEach((port, k) => {
      if (port.hostPort !== undefined && port.hostPort > 0 && port.hostPort < portStart)
        issues.push({ path: `platforms[${i}].published_ports[${k}]`, message: `Expected the host port of \`published_ports\` to be at least \`${portStart}\` (net.ipv4.ip_unprivileged_port_start) when isomer runs without root, got \`${port.hostPort}\` (choose a higher host port, e.g. \`${port.hostPort + 8000}:${port.containerPort}\`)` });
    });
  });
  return issues;
}

// What an ordinary user needs before create: subordinate id ranges (the container's ids), and the
// embedded runtime (runc or crun named by `runtime:` do not take isomer's rootless bundles).
export function rootlessPrerequisites(ctx: DriverContext): void {
  try {
    callerIdMap();
  } catch (error) {
    if (error instanceof SubIdError) throw new PrerequisiteError(error.message, { code: "ISOMER_ROOTLESS_SUBIDS", hint: "ask an administrator for a subordinate uid and gid range (`usermod --add-subuids 100000-165535 --add-subgids 100000-165535 $USER`)" });
    throw error;
  }
  for (const platform of ctx.config.platforms as Platform[]) {
    const chosen = platform.runtime ?? (ctx.config.driver.options?.runtime as string | undefined);
    if (chosen && chosen !== "isomer")
      throw new PrerequisiteError(`platform \`${platform.name}\` names the runtime \`${chosen}\`, which isomer drives only as root`, { hint: "remove `runtime:` to use isomer's embedded runtime, or run isomer as root" });
  }
}
