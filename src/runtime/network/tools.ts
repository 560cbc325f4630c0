// Checks, once per process, that the host has the network tools container networking drives.
import { execa } from "execa";
import { PrerequisiteError } from "../../errors.js";

let checked: Promise<void> | undefined;

async function works(file: string, args: string[]): Promise<boolean> {
  const result = await execa(file, args, { reject: false });
  return result.exitCode === 0;
}

// Throws a PrerequisiteError naming each missing tool and how to install it; cached when fine.
export function checkNetworkTools(): Promise<void> {
  checked ??= (async () => {
    const missing: string[] = [];
    if (!(await works("ip", ["-V"]))) missing.push("`ip` (Debian package `iproute2`)");
    if (!(await works("iptables", ["-V"])) || !(await works("iptables-restore", ["-V"])))
      missing.push("`iptables` and `iptables-restore` (Debian package `iptables`)");
    if (missing.length > 0) {
      checked = undefined;
      throw new PrerequisiteError(
        `container networking needs ${missing.join(" and ")}, which ${missing.length > 1 ? "are" : "is"} not installed. ` +
          "isomer gives each instance its own network namespace, joined to a per-scenario bridge by a veth pair " +
          "(iproute2), and lets it reach the outside world and publish ports through NAT rules (iptables, " +
          "either backend). Install them, e.g. `apt-get install iproute2 iptables`, or set `network_mode: host` " +
          "on every platform to share the host's network instead.",
        { code: "ISOMER_NETWORK_TOOLS", hint: "apt-get install iproute2 iptables" },
      );
    }
  })();
  return checked;
}
