// sysctl(key): a kernel parameter read from /proc/sys (numbers come back as numbers).
import type { Host } from "../host.js";

// The value of `key` (`net.ipv4.ip_forward`): a number when it is one integer, else the text.
export async function sysctl(host: Host, key: string): Promise<number | string> {
  const path = `/proc/sys/${key.replace(/\./g, "/")}`;
  const text = (await host.checkOutput("cat -- %s", path)).trim();
  return /^-?\d+$/.test(text) ? Number(text) : text;
}
