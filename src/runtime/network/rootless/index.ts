// Rootless scenario networks: a holder's user + net namespaces with a bridge and NAT, pasta to the host.
export {
  planRootlessNetwork, planNetwork, HOLDER_BRIDGE, DNS_FORWARDER,
  type RootlessNetworkRecord, type RootlessAttachmentRecord, type RootlessInstance, type RootlessPlan, type PortForward, type ProcessRef,
} from "./plan.js";
export { createRootlessNetwork, attachRootless, destroyRootlessNetwork, holderUserNamespace, rootlessResolvConf } from "./network.js";
export { checkRootlessNetworkTools, missingRootlessTools } from "./tools.js";
export { isOurs, processRef } from "./process.js";
export { processMatchers } from "./batches.js";
