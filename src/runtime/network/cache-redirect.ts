// Sends a bridge's outgoing HTTP (tcp port 80 to anywhere but the bridge's own subnet) to a local
// port, where the package cache listens on 127.0.0.1 (the bridge routes loopback destinations:
// route_localnet, set by createBridge). The rules carry the bridge's tag, so removeBridge removes
// them; a second call with another port replaces the first's.
import { addRules, removeRules } from "./iptables.js";
import type { BridgeRecord } from "./bridge.js";

// The DNAT (and the INPUT accept, whatever INPUT's policy) for `bridge` to 127.0.0.1:`port`.
export async function redirectHttp(bridge: BridgeRecord, port: number): Promise<void> {
  const to = `127.0.0.1:${port}`;
  await removeRules(bridge.name, (line) => (line.includes("--dport 80 ") && line.includes("DNAT")) || (line.includes("-d 127.0.0.1/32") && line.includes("--dport ") && line.includes("INPUT")));
  await addRules(bridge.name, [
    { table: "nat", op: "-I", chain: "PREROUTING", args: ["-i", bridge.name, "!", "-d", bridge.subnet, "-p", "tcp", "--dport", "80", "-j", "DNAT", "--to-destination", to] },
    { table: "filter", op: "-I", chain: "INPUT", args: ["-i", bridge.name, "-d", "127.0.0.1", "-p", "tcp", "--dport", String(port), "-j", "ACCEPT"] },
  ]);
}
