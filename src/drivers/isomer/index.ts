// The embedded driver: instances are containers on isomer's own runtime. Serves `driver: name:`
// `isomer`, `docker` and `podman`, honouring those drivers' platform keys.
import type { Platform } from "../../config/types.js";
import { RuntimeClient } from "../../runtime/index.js";
import type { Driver, DriverContext, ExecOptions, ExecResult, InstanceStatus, PlatformConfig } from "../driver.js";
import { createInstances, type InstanceRecord } from "./create.js";
import { destroyResources } from "./destroy.js";
import { containerId, runtimeFor } from "./ids.js";
import { loginShell } from "./login.js";
import { rootlessIssues, rootlessPrerequisites, unprivilegedPortStart } from "./rootless-checks.js";
import { saveSnapshots } from "./snapshot.js";
import { isRootless } from "../../util/idmap.js";

// Platform keys of Molecule's docker and podman drivers that the embedded driver reads or accepts.
export const PLATFORM_KEYS = [
  "image", "pre_build_image", "dockerfile", "registry", "command", "override_command", "privileged", "capabilities",
  "cap_add", "cap_drop", "security_opts", "volumes", "mounts", "tmpfs", "cgroupns_mode", "env", "hostname", "domainname",
  "published_ports", "exposed_ports", "networks", "network_mode", "dns_servers", "etc_hosts", "user", "ulimits",
  "systemd", "tty", "pull", "force", "buildargs", "keep_default", "working_dir", "entrypoint", "stop_signal", "memory",
  "cpus", "runtime", "force_kill", "pre_build_image", "docker_host", "restart_policy",
] as const;

function platformOf(ctx: DriverContext, instance: string): Platform | undefined {
  return ctx.config.platforms.find((platform) => platform.name === instance) as Platform | undefined;
}

function clientFor(ctx: DriverContext, instance: string): { client: RuntimeClient; id: string } {
  const runtime = runtimeFor(ctx, platformOf(ctx, instance)?.runtime);
  return { client: new RuntimeClient(runtime), id: containerId(ctx, instance) };
}

// The embedded driver under `name` (`isomer`, `docker` or `podman`).
export function isomerDriver(name: string): Driver {
  return {
    name,
    platformKeys: PLATFORM_KEYS,
    validate: (config) => (!isRootless() ? [] : rootlessIssues(config.platforms as Platform[], unprivilegedPortStart())),
    async sanityCheck(ctx: DriverContext) {
      for (const platform of ctx.config.platforms) runtimeFor(ctx, (platform as Platform).runtime);
      if (isRootless()) rootlessPrerequisites(ctx);
    },
    async create(ctx: DriverContext, platforms: PlatformConfig[]) {
      const { instances, preparedFrom } = await createInstances(ctx, platforms as Platform[], name);
      await ctx.state.setDriverData({ ...ctx.state.driverData(), instances });
      return { preparedFrom };
    },
    async saveSnapshots(ctx: DriverContext, instances: string[]) {
      const records = (ctx.state.driverData().instances ?? {}) as Record<string, InstanceRecord>;
      const images = Object.fromEntries(Object.entries(records).map(([instance, record]) => [instance, record.image]));
      return saveSnapshots(ctx, records, instances, images);
    },
    async destroy(ctx: DriverContext) {
      await destroyResources(ctx, name);
      const { instances: _gone, ...rest } = ctx.state.driverData();
      await ctx.state.setDriverData(rest);
    },
    async status(ctx: DriverContext): Promise<InstanceStatus[]> {
      return Promise.all(ctx.config.platforms.map(async (platform) => {
        const { client, id } = clientFor(ctx, platform.name);
        const state = await client.state(id); // undefined: the runtime does not know it; a failing runtime throws
        return { name: platform.name, created: state !== undefined, state: state?.status ?? "not created" };
      }));
    },
    async connectionOptions(ctx: DriverContext, instance: string) {
      const runtime = runtimeFor(ctx, platformOf(ctx, instance)?.runtime);
      return { ansible_connection: "isomer", isomer_runtime: runtime.binary, isomer_root: runtime.root, isomer_container: containerId(ctx, instance) };
    },
    async login(ctx: DriverContext, instance: string) {
      const { client, id } = clientFor(ctx, instance);
      await loginShell(client, id);
    },
    async exec(ctx: DriverContext, instance: string, argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
      const { client, id } = clientFor(ctx, instance);
      const env = Object.entries(options.env ?? {}).map(([key, value]) => `${key}=${value}`);
      return client.exec(id, argv, { user: options.user, cwd: options.cwd, env, input: options.input });
    },
  };
}
