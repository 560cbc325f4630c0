// The life of a rootless scenario network (podman's rootless-netns idea): create starts the holder
// (user + net namespaces), builds the bridge, forwarding and NAT inside its netns and attaches
// pasta; attachRootless wires one container, whose own netns belongs to the holder's user
// namespace because the container joined it; destroy kills pasta and the holder, which takes the
// netns, the bridge, every veth and every rule with it, and removes the directory. Nothing of it
// lives in the host's netns, so nothing there needs removing.
import { mkdirSync, rmSync } from "node:fs";
import { basename } from "node:path";
import { IsomerError, PrerequisiteError } from "../../../errors.js";
import { callerIdMap, isRootless, SubIdError, type IdMap } from "../../../util/idmap.js";
import { runTool } from "../run.js";
import { renderResolvConf } from "../files.js";
import { attachBatches, bridgeBatch, nsenterArgs, processMatchers, rulesInput, sysctlArgs } from "./batches.js";
import { startHolder } from "./holder.js";
import { startPasta } from "./pasta.js";
import { isOurs, killOurs } from "./process.js";
import { checkRootlessNetworkTools } from "./tools.js";
import type { ProcessRef, RootlessAttachmentRecord, RootlessNetworkRecord } from "./plan.js";

const HINT = "run `isomer destroy` and create the scenario again; if it persists, check that iproute2 and iptables work in a user namespace here";

// Runs `file args` in the holder's user namespace and the netns of `netPid` (the holder's by default).
async function inHolder(holder: ProcessRef, file: string, args: string[], input?: string, netPid?: number): Promise<string> {
  return (await runTool("nsenter", [...nsenterArgs(holder.pid, netPid), file, ...args], input, HINT)).stdout;
}

function idMap(given?: IdMap): IdMap {
  if (given) return given;
  try {
    return callerIdMap();
  } catch (error) {
    if (error instanceof SubIdError) throw new PrerequisiteError(error.message, { code: "ISOMER_ROOTLESS_SUBIDS", hint: "ask an administrator for a subordinate uid and gid range (`usermod --add-subuids ... --add-subgids ...`)" });
    throw error;
  }
}

// Creates `network` (as planned) and returns its record with the processes and the host's loopback
// address filled in. On failure, whatever it started is gone again before it throws.
export async function createRootlessNetwork(network: RootlessNetworkRecord, options: { idmap?: IdMap } = {}): Promise<RootlessNetworkRecord> {
  // as root, pasta would drop to `nobody` and the user namespace would be pointless: root's
  // scenarios get a bridge in the host's netns (network/bridge.ts)
  if (!isRootless()) throw new IsomerError("ISOMER_ROOTLESS_AS_ROOT", "a rootless scenario network is for ordinary users; as root, isomer gives the scenario a bridge in the host's network namespace");
  await checkRootlessNetworkTools();
  const idmap = idMap(options.idmap);
  await destroyRootlessNetwork(network); // a previous attempt's leftovers, if any
  mkdirSync(network.dir, { recursive: true, mode: 0o700 });
  let created: RootlessNetworkRecord = network;
  try {
    const holder = await startHolder(network.dir, idmap);
    created = { ...created, holder };
    await inHolder(holder, "ip", ["-batch", "-"], bridgeBatch(network));
    await inHolder(holder, "sysctl", sysctlArgs(network));
    await inHolder(holder, "iptables-restore", [], rulesInput(network));
    const pasta = await startPasta(network, holder);
    created = { ...created, pasta };
    const routes = JSON.parse((await inHolder(holder, "ip", ["-j", "-4", "route", "show", "default"])) || "[]") as Array<{ gateway?: string }>;
    return { ...created, hostLoopback: routes[0]?.gateway };
  } catch (error) {
    await destroyRootlessNetwork(created);
    throw error;
  }
}

// The user namespace every instance of the network must join (the holder's), as a spec path.
export function holderUserNamespace(network: RootlessNetworkRecord): string {
  return `/proc/${runningHolder(network).pid}/ns/user`;
}

function runningHolder(network: RootlessNetworkRecord): ProcessRef {
  const holder = network.holder;
  if (!isOurs(holder, processMatchers(network.dir).holder))
    throw new IsomerError("ISOMER_ROOTLESS_HOLDER", `the namespace holder of rootless network \`${network.name}\` (pid ${network.holder?.pid ?? "unknown"}) is not running`, {
      hint: "run `isomer destroy`, then create the scenario again",
    });
  return holder;
}

// Wires the container whose init is `containerPid` (its netns owned by the holder's user
// namespace) to the bridge as `attachment` says: call it between `isomer-runtime create` and `start`.
export async function attachRootless(network: RootlessNetworkRecord, attachment: RootlessAttachmentRecord, containerPid: number): Promise<void> {
  const holder = runningHolder(network);
  const batches = attachBatches(network, attachment, containerPid);
  await inHolder(holder, "ip", ["-batch", "-"], batches.holder);
  await inHolder(holder, "ip", ["-batch", "-"], batches.container, containerPid);
}

// Kills pasta and the holder (found by their command lines, see process.ts) and removes the
// network's directory. Works from the plan alone (after a kill -9 of isomer at any point, even
// while pasta was starting) and when everything is gone already.
export async function destroyRootlessNetwork(network: RootlessNetworkRecord): Promise<void> {
  const match = processMatchers(network.dir);
  await killOurs(match.pasta); // first: its sockets in the holder's netns keep that netns alive
  await killOurs(match.holder);
  // only a directory the plan named (a damaged state file must not make this remove anything else)
  if (basename(network.dir).startsWith("isomer-net-")) rmSync(network.dir, { recursive: true, force: true });
}

// /etc/resolv.conf for the network's instances: pasta's DNS forwarder, the host's search options.
export function rootlessResolvConf(network: RootlessNetworkRecord, hostFile?: string): string {
  return renderResolvConf({ dnsServers: [network.dns], hostFile });
}
