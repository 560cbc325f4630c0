// Creates the scenario's instances: the images (in parallel) side by side with the bridge and
// every instance's address (so each /etc/hosts can list all of them), then each container in
// parallel while the package cache starts.
// Every resource is recorded in state BEFORE it is created, so destroy works after a kill -9.
// Without root the bridge is the rootless network's (a holder's namespaces, pasta to the host):
// each container joins the holder's user namespace, gets its veth between the runtime's `create`
// and `start`, and the runtime mounts its overlay rootfs (nothing is mounted by this process).
import { InterruptedError, IsomerError } from "../../errors.js";
import type { Platform } from "../../config/types.js";
import { buildSpec, bundlePaths, createBundle, RuntimeClient } from "../../runtime/index.js";
import { STOP_SIGNAL_ANNOTATION } from "../../runtime/spec.js";
import {
  attach, checkNetworkTools, createBridge, planAttachment, planBridge, publishPorts, renderResolvConf,
  type AttachmentRecord, type BridgeRecord, type PortMapping,
} from "../../runtime/network/index.js";
import { portMapping } from "../../runtime/network/ports.js";
import { attachRootless, checkRootlessNetworkTools, holderUserNamespace, rootlessResolvConf, type RootlessAttachmentRecord } from "../../runtime/network/rootless/index.js";
import { startScenarioNetwork, type RootlessScenarioNetwork } from "./rootless-network.js";
import { checkRootlessSystemd, rootlessCgroupDelegation } from "./rootless-systemd.js";
import type { CleanupResource, DriverContext } from "../driver.js";
import { containerId, runtimeFor } from "./ids.js";
import { resolvePlatformImage, type DriverImage } from "./image.js";
import { packageCacheWanted, usePackageCache } from "./package-cache.js";
import { findSnapshots, snapshotBase } from "./snapshot.js";
import { platformSpecOptions, securityOptions } from "./spec-options.js";
import { isRootless } from "../../util/idmap.js";

// What create keeps per instance in driver data (for status, inventory and the demo).
export interface InstanceRecord {
  container: string;
  binary: string;
  root: string;
  address?: string;
  ports: PortMapping[];
  systemd: boolean;
  image: string; // the image reference it runs
  snapshotBase?: string; // with snapshots on: its snapshot key's part besides the prepare inputs
  snapshot?: string; // the key of the prepared snapshot it started from
}

interface Planned {
  platform: Platform;
  id: string;
  image: DriverImage;
  attachment?: AttachmentRecord;
  snapshotBase?: string;
  snapshot?: string;
  rootless?: RootlessAttachmentRecord;
}

function check(ctx: DriverContext): void {
  if (ctx.signal.aborted) throw new InterruptedError("interrupted during create");
}

// Creates every platform; throws the first failure after all settled (resources stay recorded).
// `preparedFrom` names the snapshots used when every instance started from one.
export async function createInstances(ctx: DriverContext, platforms: Platform[], driver: string): Promise<{ instances: Record<string, InstanceRecord>; preparedFrom?: string }> {
  let chain = Promise.resolve();
  const record = (resource: Omit<CleanupResource, "driver">) => (chain = chain.then(() => ctx.state.recordResource({ driver, ...resource })));
  // a bad seccomp profile file is reported before anything is made
  for (const platform of platforms) securityOptions(platform, { scenarioDir: ctx.scenario.directory });
  const isolated = platforms.filter((p) => p.network_mode !== "host");
  const rootless = isRootless();
  if (isolated.length > 0) await (rootless ? checkRootlessNetworkTools() : checkNetworkTools());
  if (rootless) return createRootless(ctx, platforms, record);
  // the images and the bridge with every instance's address are independent: made side by side
  const [images, network] = settled(await Promise.allSettled([
    settledAll(platforms.map((platform) => resolvePlatformImage(ctx, platform))),
    isolated.length > 0 ? planNetwork(ctx, platforms, record) : Promise.resolve(undefined),
  ]));
  check(ctx);
  const bridge = network?.bridge;
  const planned: Planned[] = platforms.map((platform, index) => {
    const image = images[index]!;
    return { platform, id: containerId(ctx, platform.name), image, attachment: network?.attachments.get(platform.name), snapshotBase: ctx.snapshot ? snapshotBase(driver, image, platform) : undefined };
  });
  const snapshots = ctx.snapshot ? await findSnapshots(ctx, new Map(planned.map((plan) => [plan.platform.name, plan.snapshotBase!]))) : undefined;
  for (const plan of planned) {
    const used = snapshots?.get(plan.platform.name);
    if (!used) continue;
    plan.snapshot = used.key;
    plan.image = { ...plan.image, layers: [...plan.image.layers, used.layer] };
  }
  // the package cache starts while the containers are made: they reach it only once they run Ansible
  const onBridge = planned.filter((plan) => plan.attachment).map((plan) => ({ id: plan.id, root: runtimeFor(ctx, plan.platform.runtime).root }));
  const cache = bridge && packageCacheWanted(ctx) ? usePackageCache(ctx, bridge, onBridge, record) : Promise.resolve();
  const hosts = hostsLines(planned);
  const [records] = settled(await Promise.allSettled([settledAll(planned.map((plan) => createOne(ctx, plan, hosts, record))), cache]));
  const instances = Object.fromEntries(planned.map((plan, i) => [plan.platform.name, records[i]!]));
  const preparedFrom = snapshots ? [...snapshots].map(([name, used]) => `${name}: ${used.key.slice(0, 12)}`).join(", ") : undefined;
  return { instances, preparedFrom };
}

// Rootless: every platform on the scenario's rootless network (validation refused
// `network_mode: host`), started while the images are made; the package cache and prepared
// snapshots stay off, each said once (a snapshot is an upper dir full of mapped ids, copied and
// stacked as root does it).
async function createRootless(ctx: DriverContext, platforms: Platform[], record: (r: Omit<CleanupResource, "driver">) => Promise<void>): Promise<{ instances: Record<string, InstanceRecord> }> {
  const instances = platforms.map((platform) => ({ id: containerId(ctx, platform.name), platform }));
  const [images, net] = settled(await Promise.allSettled([
    settledAll(platforms.map((platform) => resolvePlatformImage(ctx, platform))),
    startScenarioNetwork(ctx, instances, record),
  ]));
  check(ctx);
  if (packageCacheWanted(ctx)) ctx.logger.info("package cache not used without root: the instances reach the mirrors directly through pasta");
  if (ctx.snapshot) ctx.logger.info("prepared snapshots not used without root: prepare runs every time");
  if (rootlessCgroupDelegation() === "user-manager") ctx.logger.info("cgroups: isomer runs in a scope of your systemd user manager (isomer.slice in user@.service, Delegate=yes), the instances below it");
  const planned: Planned[] = instances.map(({ id, platform }, index) => ({ platform, id, image: images[index]!, rootless: net.attachments.get(id) }));
  const hosts = hostsLines(planned);
  const records = await settledAll(planned.map((plan) => createOne(ctx, plan, hosts, record, net)));
  return { instances: Object.fromEntries(planned.map((plan, i) => [plan.platform.name, records[i]!])) };
}

// The bridge and each isolated instance's address, recorded before they are made.
async function planNetwork(ctx: DriverContext, platforms: Platform[], record: (r: Omit<CleanupResource, "driver">) => Promise<void>): Promise<{ bridge: BridgeRecord; attachments: Map<string, AttachmentRecord> }> {
  const bridge = await planBridge(ctx.ephemeralDir, ctx.config.driver.options?.shared_network === true);
  await record({ kind: "bridge", id: bridge.name, data: { ...bridge } });
  await createBridge(bridge);
  const attachments = new Map<string, AttachmentRecord>();
  for (const platform of platforms) {
    if (platform.network_mode === "host") continue;
    const id = containerId(ctx, platform.name);
    const attachment = planAttachment(bridge, id);
    await record({ kind: "network", id, instance: platform.name, data: { ...attachment } });
    attachments.set(platform.name, attachment);
  }
  return { bridge, attachments };
}

// The values of settled promises, or the first failure thrown once all of them settled (so that
// everything one of them recorded is in state before create fails).
function settled<T extends unknown[]>(results: { [K in keyof T]: PromiseSettledResult<T[K]> }): T {
  const failed = (results as PromiseSettledResult<unknown>[]).find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (failed) throw failed.reason;
  return (results as PromiseFulfilledResult<unknown>[]).map((result) => result.value) as T;
}

// Promise.all that waits for every promise before throwing the first failure.
async function settledAll<T>(promises: Promise<T>[]): Promise<T[]> {
  return settled(await Promise.allSettled(promises)) as T[];
}

// /etc/hosts lines naming every instance (and its hostname and network aliases) by address.
function hostsLines(planned: Planned[]): string[] {
  return planned.flatMap(({ platform, attachment, rootless }) => {
    const address = attachment?.address ?? rootless?.address;
    if (!address) return [];
    const aliases = (platform.networks ?? []).flatMap((network) => network.aliases ?? []);
    const names = [...new Set([platform.name, platform.hostname ?? platform.name, ...aliases])];
    return [`${address}\t${names.join(" ")}`];
  });
}

async function createOne(ctx: DriverContext, plan: Planned, hosts: string[], record: (r: Omit<CleanupResource, "driver">) => Promise<void>,
  net?: RootlessScenarioNetwork): Promise<InstanceRecord> {
  const { platform, id, image, attachment } = plan;
  const runtime = runtimeFor(ctx, platform.runtime);
  const bundle = bundlePaths(id);
  await record({ kind: "bundle", id, instance: platform.name, data: { dir: bundle.dir } });
  const ports: PortMapping[] = [...(net?.ports.get(id) ?? [])];
  if (attachment) {
    await attach(attachment);
    for (const port of platform.published_ports ?? []) ports.push(await portMapping(port));
    await publishPorts(attachment, ports);
  }
  check(ctx);
  const { options, systemd, ignoredVolumes, warnings } = platformSpecOptions(platform, {
    image, bundleDir: bundle.dir, scenarioDir: ctx.scenario.directory, netnsPath: attachment?.netnsPath, containerId: id,
    syncNoop: ctx.config.driver.options?.fsync !== true,
  });
  for (const warning of warnings) ctx.logger.warn(warning);
  for (const volume of ignoredVolumes) ctx.logger.debug(`${platform.name}: volume \`${volume}\` not needed: isomer gives systemd its own cgroup mount`);
  const extraHosts = Object.entries(platform.etc_hosts ?? {}).map(([name, address]) => `${address}\t${name}`);
  let resolvConf = renderResolvConf({ dnsServers: platform.dns_servers, hostNetwork: !attachment });
  if (net) {
    if (systemd) checkRootlessSystemd(platform.name);
    // its own netns inside the holder's user namespace, wired to the holder's bridge after `create`
    options.network = { mode: "new" };
    options.userNamespace = { mode: "path", path: holderUserNamespace(net.network) };
    options.rootfsOverlay = { lowerDirs: image.layers, upper: bundle.upper, work: bundle.work };
    resolvConf = platform.dns_servers?.length ? resolvConf : rootlessResolvConf(net.network);
  }
  const spec = buildSpec(options);
  await createBundle(id, { spec, layers: image.layers, etc: { hostname: options.hostname ?? platform.name, hosts: [...hosts, ...extraHosts], resolvConf } });
  // destroy stops it with this signal (a systemd instance's SIGRTMIN+3), kept here rather than read back from config.json
  await record({ kind: "container", id, instance: platform.name, data: { ...runtime, dir: bundle.dir, stopSignal: spec.annotations?.[STOP_SIGNAL_ANNOTATION] } });
  check(ctx);
  const client = new RuntimeClient(runtime);
  await client.create(id, bundle.dir);
  if (net && plan.rootless) {
    const pid = (await client.state(id))?.pid;
    if (!pid) throw new IsomerError("ISOMER_CONTAINER_GONE", `container \`${id}\` exited right after \`create\``, { hint: `read \`${bundle.dir}/container.log\`` });
    await attachRootless(net.network, plan.rootless, pid);
  }
  await client.start(id);
  const address = attachment?.address ?? plan.rootless?.address;
  ctx.logger.info(`${platform.name}: started \`${id}\`${address ? ` at ${address}` : " on the host network"}${systemd ? " with systemd as PID 1" : ""}`);
  return { container: id, ...runtime, address, ports, systemd, image: image.ref, snapshotBase: plan.snapshotBase, snapshot: plan.snapshot };
}
