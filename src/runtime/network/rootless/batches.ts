// The command lines and input texts that build a rootless network, as pure functions of its
// record (unit-tested without a host): the holder's unshare, the bridge and NAT inside the holder's
// netns, pasta's options and one container's veth. Everything runs in as few processes as it can:
// one `ip -batch` per namespace touched, one `iptables-restore` for every rule.
import { join } from "node:path";
import { unshareArgs, type IdMap } from "../../../util/idmap.js";
import { restoreInput, ruleLines, type Rule } from "../iptables.js";
import { portRules } from "../ports.js";
import { HOLDER_PROCESS } from "../names.js";
import type { PortForward, RootlessAttachmentRecord, RootlessNetworkRecord } from "./plan.js";
import type { ArgvMatch } from "./process.js";

// pasta's interface inside the holder's netns.
export const PASTA_INTERFACE = "tap0";

// The pid files in a network's directory.
export function pidFiles(dir: string): { holder: string; pasta: string } {
  return { holder: join(dir, "holder.pid"), pasta: join(dir, "pasta.pid") };
}

// How the command line of each of a network's processes looks, from spawn to end: the holder ends
// in `isomer-net-holder DIR` while unshare and bash run, then is argv[0] `isomer-net-holder DIR`;
// pasta has `--pid DIR/pasta.pid` (both parent and daemon).
export function processMatchers(dir: string): { holder: ArgvMatch; pasta: ArgvMatch } {
  const pidFile = pidFiles(dir).pasta;
  return {
    holder: (argv) => argv[0] === `${HOLDER_PROCESS} ${dir}` || (argv.at(-2) === HOLDER_PROCESS && argv.at(-1) === dir),
    pasta: (argv) => argv.some((arg, i) => arg === "--pid" && argv[i + 1] === pidFile),
  };
}

// The holder's command, run inside its namespaces: it writes its pid file (so the mapping is in
// place), then pauses with an argv[0] that names the network's directory.
export function holderCommand(dir: string): string[] {
  const script = `echo $$ > "$1/holder.pid" && exec -a "$0 $1" sleep infinity </dev/null >/dev/null 2>&1`;
  return ["bash", "-c", script, HOLDER_PROCESS, dir];
}

// `isomer-runtime unshare` arguments for the holder: a user namespace with `idmap` (written by
// newuidmap/newgidmap) and a network namespace, then holderCommand, exec'd in place (same pid).
export function holderArgv(dir: string, idmap: IdMap): string[] {
  return unshareArgs(idmap, holderCommand(dir), { net: true });
}

// nsenter(1) arguments that run a command in the holder's user namespace and in the network
// namespace of `netPid` (the holder's own by default), keeping the caller's ids (root in there).
export function nsenterArgs(holderPid: number, netPid = holderPid): string[] {
  return [`--user=/proc/${holderPid}/ns/user`, `--net=/proc/${netPid}/ns/net`, "--preserve-credentials", "--"];
}

// `ip -batch` input that makes the holder's bridge with the gateway address.
export function bridgeBatch(network: RootlessNetworkRecord): string {
  return [`link set lo up`, `link add ${network.bridge} type bridge`, `addr add ${network.gateway}/${network.prefix} dev ${network.bridge}`, `link set ${network.bridge} up`].join("\n") + "\n";
}

// sysctl(8) arguments for the holder's netns: forwarding, and loopback sources routed onto the
// bridge (pasta delivers a published port's connections from 127.0.0.1).
export function sysctlArgs(network: RootlessNetworkRecord): string[] {
  return ["-q", "-w", "net.ipv4.ip_forward=1", `net.ipv4.conf.${network.bridge}.route_localnet=1`];
}

// The holder's rules: instances masqueraded out of pasta's interface, published ports (which pasta
// hands to the holder on the same port numbers) sent on to their instance, and conntrack-INVALID
// packets from pasta dropped: pasta (Debian 12's at least) sends a flagless window update after a
// connection's first data, which conntrack cannot match to the masqueraded flow; delivered to the
// holder itself it would draw a RST that kills the instance's connection. The netns is the
// network's own, so the rules carry no tag: they go away with it.
export function holderRules(network: RootlessNetworkRecord): Rule[] {
  const rules: Rule[] = [
    { table: "nat", op: "-A", chain: "POSTROUTING", args: ["-s", network.subnet, "!", "-o", network.bridge, "-j", "MASQUERADE"] },
    { table: "nat", op: "-A", chain: "POSTROUTING", args: ["-s", "127.0.0.0/8", "-o", network.bridge, "-j", "MASQUERADE"] },
    { table: "filter", op: "-A", chain: "INPUT", args: ["-i", PASTA_INTERFACE, "-m", "conntrack", "--ctstate", "INVALID", "-j", "DROP"] },
  ];
  // whatever host address pasta bound, the connection arrives on one of the holder's own addresses
  const forwards = network.forwards.flatMap((forward) => portRules(forward.address, [{ ...forward, hostIp: "" }]));
  return [...rules, ...forwards];
}

// iptables-restore input for holderRules.
export function rulesInput(network: RootlessNetworkRecord): string {
  return restoreInput(ruleLines(holderRules(network)));
}

function portSpecs(forwards: PortForward[], protocol: "tcp" | "udp", flag: string): string[] {
  const specs = forwards.filter((f) => f.protocol === protocol).map((f) => (f.hostIp ? `${f.hostIp}/${f.hostPort}` : String(f.hostPort)));
  return specs.length === 0 ? [flag, "none"] : specs.flatMap((spec) => [flag, spec]);
}

// pasta(1) arguments that attach it to the holder: the host's address and default route copied
// onto its interface, IPv4 only (the bridge is), no DHCP/NDP/RA chatter, DNS answered at the
// forwarder address, the published host ports forwarded in, nothing forwarded out (-T/-U none:
// instances reach the host's loopback at the gateway address pasta maps, its default), and its
// PID written to the network's directory when it is ready.
export function pastaArgs(network: RootlessNetworkRecord, holderPid: number): string[] {
  return [
    "--quiet", "--ipv4-only", "--config-net", "--ns-ifname", PASTA_INTERFACE,
    "--no-dhcp", "--no-ndp", "--no-dhcpv6", "--no-ra", "--dns-forward", network.dns,
    ...portSpecs(network.forwards, "tcp", "-t"), ...portSpecs(network.forwards, "udp", "-u"), "-T", "none", "-U", "none",
    "--pid", pidFiles(network.dir).pasta, String(holderPid),
  ];
}

// The two `ip -batch` inputs that wire a container: in the holder's netns a veth pair whose peer
// is created as eth0 directly in the container's netns (`netns PID`), enslaved to the bridge; in
// the container's netns lo, the address and the default route.
export function attachBatches(network: RootlessNetworkRecord, attachment: RootlessAttachmentRecord, containerPid: number): { holder: string; container: string } {
  const { vethHost, address, prefix, gateway } = attachment;
  const holder = [`link add ${vethHost} type veth peer name eth0 netns ${containerPid}`, `link set ${vethHost} master ${network.bridge}`, `link set ${vethHost} up`];
  const container = [`link set lo up`, `addr add ${address}/${prefix} dev eth0`, `link set eth0 up`, `route add default via ${gateway}`];
  return { holder: holder.join("\n") + "\n", container: container.join("\n") + "\n" };
}
