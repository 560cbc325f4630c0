// Built-in drivers, looked up by the name in molecule.yml `driver.name` (a static map; plugins later).
import type { Driver } from "./driver.js";
import { ConfigError } from "../errors.js";
import { delegatedDriver } from "./delegated.js";

// name -> factory. Add a built-in with one line.
const BUILTIN: Record<string, () => Promise<Driver> | Driver> = {
  default: () => delegatedDriver("default"),
  delegated: () => delegatedDriver("delegated"),
  ...Object.fromEntries(["isomer", "docker", "podman"].map((n) => [n, async () => (await import("./isomer/index.js")).isomerDriver(n)])),
};

// Names of the built-in drivers, for `isomer drivers` and validation.
export function driverNames(): string[] {
  return Object.keys(BUILTIN).sort();
}

// The driver called `name`; ConfigError naming the known ones when there is none.
export async function getDriver(name: string): Promise<Driver> {
  const make = BUILTIN[name];
  if (!make) {
    throw new ConfigError(`Unknown driver \`${name}\``, {
      code: "ISOMER_UNKNOWN_DRIVER",
      hint: `Set \`driver.name\` to one of: ${driverNames().map((n) => `\`${n}\``).join(", ")}.`,
    });
  }
  return make();
}
