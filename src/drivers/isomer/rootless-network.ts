// The embedded driver's scenario network when isomer runs without root (runtime/network/rootless):
// one holder + pasta per scenario, planned with every instance's published ports (pasta takes them
// all at start), recorded in state before anything is started, removed by destroy from that record.
import type { Platform } from "../../config/types.js";
import { portMapping, type PortMapping } from "../../runtime/network/ports.js";
import {
  createRootlessNetwork, destroyRootlessNetwork, planRootlessNetwork, type RootlessAttachmentRecord, type RootlessNetworkRecord,
} from "../../runtime/network/rootless/index.js";
import type { CleanupResource, DriverContext } from "../driver.js";

// The resource kind of a rootless network in state.
export const ROOTLESS_NETWORK_KIND = "rootless-network";

// The network and, per container id, its attachment and published ports.
export interface RootlessScenarioNetwork {
  network: RootlessNetworkRecord;
  attachments: Map<string, RootlessAttachmentRecord>;
  ports: Map<string, PortMapping[]>;
}

// Plans, records and starts the network of `instances` (container id + platform).
export async function startScenarioNetwork(ctx: DriverContext, instances: Array<{ id: string; platform: Platform }>,
  record: (r: Omit<CleanupResource, "driver">) => Promise<void>): Promise<RootlessScenarioNetwork> {
  const ports = new Map<string, PortMapping[]>();
  for (const { id, platform } of instances) ports.set(id, await Promise.all((platform.published_ports ?? []).map((port) => portMapping(port))));
  const plan = await planRootlessNetwork({ key: ctx.ephemeralDir, parent: ctx.ephemeralDir, instances: instances.map(({ id }) => ({ id, ports: ports.get(id) })) });
  await record({ kind: ROOTLESS_NETWORK_KIND, id: plan.network.name, data: { ...plan.network } });
  const network = await createRootlessNetwork(plan.network);
  return { network, attachments: new Map(plan.attachments.map((a) => [a.instance, a])), ports };
}

// Destroy's side: the holder, pasta and the network's directory.
export async function removeScenarioNetwork(resource: CleanupResource): Promise<void> {
  await destroyRootlessNetwork(resource.data as unknown as RootlessNetworkRecord);
}
