// service(name): running, enabled, valid, masked — systemd, OpenRC or SysV init, chosen per host.
import type { Host } from "../host.js";

type InitSystem = "systemd" | "openrc" | "sysvinit";

// The init system that manages services: systemd when booted with it, else OpenRC, else SysV.
export function initSystem(host: Host): Promise<InitSystem> {
  return host.memo("initSystem", async () => {
    const r = await host.run("test -d /run/systemd/system && command -v systemctl >/dev/null && echo systemd || { command -v rc-service >/dev/null && echo openrc; } || echo sysvinit");
    return r.stdout.trim() as InitSystem;
  });
}

// A service on the instance.
export class Service {
  constructor(readonly host: Host, readonly name: string) {}
  // `service \`nginx\``, for messages
  describe(): string { return `service \`${this.name}\``; }
  // which init system answers for this host
  get initSystem(): Promise<InitSystem> { return initSystem(this.host); }

  // the service is running now
  get isRunning(): Promise<boolean> {
    return this.by({
      systemd: () => this.ok("systemctl is-active -- %s"),
      openrc: () => this.ok("rc-service %s status"),
      sysvinit: () => this.ok("if command -v service >/dev/null; then service %s status; else /etc/init.d/%s status; fi", 2),
    });
  }
  // the service starts at boot
  get isEnabled(): Promise<boolean> {
    return this.by({
      systemd: async () => {
        const r = await this.host.run("systemctl is-enabled -- %s", this.name);
        return r.exitCode === 0 && !["disabled", "masked"].includes(r.stdout.trim());
      },
      openrc: () => this.ok("ls /etc/runlevels/*/%s"),
      sysvinit: async () => (await this.host.run("ls /etc/rc?.d/ 2>/dev/null | grep -E -x -- %s", `S[0-9]{2}${escapeRegex(this.name)}`)).exitCode === 0,
    });
  }
  // a unit or init script by this name exists and (systemd) passes `systemd-analyze verify`
  get isValid(): Promise<boolean> {
    return this.by({
      systemd: async () => {
        const unit = this.name.includes(".") ? this.name : `${this.name}.service`;
        const r = await this.host.run("systemctl cat -- %s >/dev/null 2>&1 && { ! command -v systemd-analyze >/dev/null || systemd-analyze verify -- %s; }", unit, unit);
        return r.exitCode === 0 && !/error/i.test(r.stderr);
      },
      openrc: () => this.ok("test -x /etc/init.d/%s"),
      sysvinit: () => this.ok("test -x /etc/init.d/%s"),
    });
  }
  // systemd has the unit masked (always false elsewhere)
  get isMasked(): Promise<boolean> {
    return this.by({
      systemd: async () => (await this.host.run("systemctl is-enabled -- %s", this.name)).stdout.trim().startsWith("masked"),
      openrc: async () => false,
      sysvinit: async () => false,
    });
  }
  // status text from the init system (shown by matchers when a check fails)
  async status(): Promise<string> {
    const cmd = { systemd: "systemctl status --no-pager -- %s", openrc: "rc-service %s status", sysvinit: "service %s status || /etc/init.d/%s status" }[await this.initSystem];
    const r = await this.host.run(cmd, ...Array(cmd.split("%s").length - 1).fill(this.name));
    return `${r.stdout}${r.stderr}`.trim();
  }

  private async by(impl: Record<InitSystem, () => Promise<boolean>>): Promise<boolean> {
    return impl[await this.initSystem]();
  }
  private async ok(cmd: string, times = 1): Promise<boolean> {
    return (await this.host.run(cmd, ...Array(times).fill(this.name))).exitCode === 0;
  }
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
