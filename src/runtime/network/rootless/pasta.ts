// pasta (Debian package passt) attached to the holder: it joins the holder's user and network
// namespaces, gives them a tap interface with the host's address and default route, relays the
// holder's traffic through ordinary sockets of the user's, and listens on the published host
// ports. The forwards are all given at start (the driver knows every published port at create;
// this pasta cannot add one later). pasta daemonizes once it is ready and writes its PID file.
import { execa } from "execa";
import { IsomerError } from "../../../errors.js";
import { pastaArgs, pidFiles } from "./batches.js";
import { processRef, readPidFile } from "./process.js";
import type { ProcessRef, RootlessNetworkRecord } from "./plan.js";

// pasta's messages without the noise it prints when the host has no syslog.
export function pastaMessage(stderr: string): string {
  return stderr.split("\n").filter((line) => line.trim() !== "" && !/^Failed to send \d+ bytes to syslog$/.test(line.trim())).join("\n");
}

// What to do about a pasta failure, from its message.
export function pastaHint(message: string): string {
  if (/bind any port/i.test(message))
    return "a published host port is in use, or below net.ipv4.ip_unprivileged_port_start (1024 by default; rootless isomer cannot bind lower ports): choose another host port in `published_ports`";
  if (/tun/i.test(message)) return "rootless networking needs /dev/net/tun readable and writable by you (Debian's udev makes it mode 0666; as root: `chmod 0666 /dev/net/tun`)";
  return "check that Debian's `passt` package is installed and that this host has an IPv4 default route";
}

// Starts pasta for `network` on the holder and returns it once it is ready.
export async function startPasta(network: RootlessNetworkRecord, holder: ProcessRef): Promise<ProcessRef> {
  const result = await execa("pasta", pastaArgs(network, holder.pid), { reject: false, stdin: "ignore" });
  const pid = readPidFile(pidFiles(network.dir).pasta);
  const ref = pid === undefined ? undefined : processRef(pid);
  if (result.exitCode !== 0 || !ref) {
    const why = pastaMessage(String(result.stderr ?? "")) || result.shortMessage || "no message";
    throw new IsomerError("ISOMER_ROOTLESS_PASTA", `pasta could not connect the rootless scenario network to the host: ${why}`, { hint: pastaHint(why) });
  }
  return ref;
}
