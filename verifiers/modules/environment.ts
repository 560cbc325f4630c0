// environment(): the environment variables commands see on the instance.
import type { Host } from "../host.js";

// Every variable of `env -0` as an object.
export async function environment(host: Host): Promise<Record<string, string>> {
  const out = (await host.runExpect([0], "env -0")).stdout;
  const env: Record<string, string> = {};
  for (const item of out.split("\0")) {
    const eq = item.indexOf("=");
    if (eq > 0) env[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return env;
}
