// The delegated driver (Molecule's `default`, formerly `delegated`): placeholder until filled in.
import type { Driver } from "./driver.js";

// A delegated driver registered under `name`.
export function delegatedDriver(name: string): Driver {
  return {
    name,
    async create() {},
    async destroy() {},
    async connectionOptions() {
      return {};
    },
  };
}
