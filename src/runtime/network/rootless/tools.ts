// Checks, once per process, that the host has what a rootless scenario network drives: pasta,
// nsenter (util-linux), newuidmap/newgidmap, iproute2,
// iptables-restore, sysctl, bash, and a /dev/net/tun the user may open.
import { accessSync, constants } from "node:fs";
import { execa } from "execa";
import { PrerequisiteError } from "../../../errors.js";
import { adminPath } from "../../../util/which.js";

let checked: Promise<void> | undefined;

async function output(file: string, args: string[]): Promise<string | undefined> {
  const result = await execa(file, args, { reject: false, all: true, env: { PATH: adminPath() } });
  return result.exitCode === 0 ? String(result.all ?? "") : undefined;
}

// The missing prerequisites, each as "what (how to get it)"; empty when everything is there.
export async function missingRootlessTools(tun = "/dev/net/tun"): Promise<string[]> {
  const missing: string[] = [];
  if ((await output("pasta", ["--version"])) === undefined) missing.push("`pasta` (Debian package `passt`)");
  if ((await output("nsenter", ["--version"])) === undefined) missing.push("`nsenter` (Debian package `util-linux`)");
  for (const tool of ["newuidmap", "newgidmap"]) // without arguments they print their usage and exit 1
    if ((await execa(tool, [], { reject: false })).exitCode === undefined) missing.push(`\`${tool}\` (Debian package \`uidmap\`)`);
  if ((await output("ip", ["-V"])) === undefined) missing.push("`ip` (Debian package `iproute2`)");
  if ((await output("iptables-restore", ["-V"])) === undefined) missing.push("`iptables-restore` (Debian package `iptables`)");
  if ((await output("sysctl", ["-V"])) === undefined) missing.push("`sysctl` (Debian package `procps`)");
  if ((await output("bash", ["-c", "exit 0"])) === undefined) missing.push("`bash`");
  try {
    accessSync(tun, constants.R_OK | constants.W_OK);
  } catch {
    missing.push(`read and write access to \`${tun}\` (Debian's udev makes it mode 0666; as root: \`chmod 0666 ${tun}\`)`);
  }
  return missing;
}

// Throws a PrerequisiteError naming each missing piece and why it is needed; cached when fine.
export function checkRootlessNetworkTools(): Promise<void> {
  checked ??= (async () => {
    const missing = await missingRootlessTools();
    if (missing.length > 0) {
      checked = undefined;
      throw new PrerequisiteError(
        `rootless container networking needs ${missing.join(", ")}. Without root, isomer gives a scenario's ` +
          "instances a bridge inside a network namespace of their own user namespace (unshare, newuidmap, " +
          "iproute2, iptables) and connects it to the host through pasta, which also publishes their ports " +
          "on the host. Install what is missing (e.g. `apt-get install passt uidmap iproute2 iptables procps`), " +
          "or set `network_mode: host` on every platform to share the host's network instead.",
        { code: "ISOMER_NETWORK_TOOLS", hint: "apt-get install passt uidmap iproute2 iptables procps" },
      );
    }
  })();
  return checked;
}
