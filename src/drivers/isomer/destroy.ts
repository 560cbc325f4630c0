// Removes everything state recorded, in reverse dependency order: containers (stop signal, grace,
// SIGKILL, delete), bundles (unmount, remove upper/work), network attachments (veth, netns, port
// rules), the bridge (or the rootless network's holder and pasta) last. Each resource is forgotten as soon as it is gone; anything already gone
// counts as removed, so destroy after a kill -9 or a second destroy both succeed.
import { setTimeout as sleep } from "node:timers/promises";
import { IsomerError } from "../../errors.js";
import { RuntimeClient, removeBundle } from "../../runtime/index.js";
import { detach, removeBridge, type AttachmentRecord, type BridgeRecord } from "../../runtime/network/index.js";
import type { CleanupResource, DriverContext } from "../driver.js";
import { sweepContainerCgroups } from "./cgroups.js";
import { LEASE_KIND, releaseLease } from "./package-cache.js";
import { removeScenarioNetwork, ROOTLESS_NETWORK_KIND } from "./rootless-network.js";

// Seconds a container gets after its stop signal before SIGKILL.
export const STOP_GRACE_SECONDS = 10;

// Stops and deletes container `id`; true when it is gone (also when it never existed).
export async function stopContainer(client: RuntimeClient, id: string, stopSignal: string | undefined): Promise<void> {
  let state = await client.state(id);
  if (!state) {
    // A create killed before its shim wrote the container's status leaves a state directory that
    // `state` does not report: `delete --force` removes it (and any cgroup it made), or says the
    // container does not exist, which is what we want either way.
    await client.delete(id, { force: true }).catch(() => undefined);
    return;
  }
  if (state.status === "running" && stopSignal) {
    await client.kill(id, stopSignal).catch(() => undefined);
    for (let waited = 0; waited < STOP_GRACE_SECONDS * 10; waited++) {
      state = await client.state(id);
      if (!state || state.status === "stopped") break;
      await sleep(100);
    }
  }
  if (state && state.status !== "stopped") await client.kill(id, "SIGKILL").catch(() => undefined);
  await client.delete(id, { force: true }).catch(async (error) => {
    if (await client.state(id)) throw error;
  });
}

const ORDER = ["container", LEASE_KIND, "bundle", "network", "bridge", ROOTLESS_NETWORK_KIND];

// Removes every resource of `driver` that ctx.state records; containers and instances in parallel.
export async function destroyResources(ctx: DriverContext, driver: string): Promise<void> {
  const mine = ctx.state.resources().filter((resource) => resource.driver === driver);
  let chain = Promise.resolve();
  const forget = (done: CleanupResource) =>
    (chain = chain.then(() => ctx.state.forgetResources((r) => r.driver === driver && r.kind === done.kind && r.id === done.id)));
  for (const kind of ORDER) {
    const batch = mine.filter((resource) => resource.kind === kind);
    const results = await Promise.allSettled(batch.map(async (resource) => {
      await removeResource(resource);
      await forget(resource);
    }));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
    if (failed) throw failed.reason;
  }
  const unknown = mine.filter((resource) => !ORDER.includes(resource.kind));
  if (unknown.length > 0) ctx.logger.warn(`state records resources isomer does not know: ${unknown.map((r) => `\`${r.kind}:${r.id}\``).join(", ")}`);
}

async function removeResource(resource: CleanupResource): Promise<void> {
  const data = resource.data ?? {};
  switch (resource.kind) {
    case LEASE_KIND:
      await releaseLease(resource);
      return;
    case "container": {
      const client = new RuntimeClient({ binary: data.binary as string, root: data.root as string });
      await stopContainer(client, resource.id, data.stopSignal as string | undefined);
      const stuck = await sweepContainerCgroups(resource.id);
      if (stuck.length > 0) throw new IsomerError("ISOMER_CGROUP_BUSY", `cgroups of \`${resource.id}\` still hold processes: ${stuck.map((d) => `\`${d}\``).join(", ")}`, { hint: "kill the processes listed in their cgroup.procs, then run `isomer destroy` again" });
      return;
    }
    case "bundle":
      return removeBundle(resource.id);
    case "network":
      return detach(data as unknown as AttachmentRecord);
    case "bridge":
      return removeBridge(data as unknown as BridgeRecord);
    case ROOTLESS_NETWORK_KIND:
      return removeScenarioNetwork(resource);
  }
}
