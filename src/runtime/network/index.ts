// Container networking: bridges, named netns + veth, NAT, published ports, resolver files.
export { checkNetworkTools } from "./tools.js";
export { planBridge, createBridge, removeBridge, bridgeInUse, type BridgeRecord } from "./bridge.js";
export { planAttachment, attach, detach, type AttachmentRecord } from "./attach.js";
export { parsePublishedPort, publishPorts, type PortMapping } from "./ports.js";
export { renderHosts, renderResolvConf, type HostEntry } from "./files.js";
export { bridgeName, netnsName, netnsPath, vethHostName, ruleTag, SHARED_BRIDGE } from "./names.js";
export { listRules, removeRules } from "./iptables.js";
export { redirectHttp } from "./cache-redirect.js";
