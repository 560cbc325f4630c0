// Leases of subnets and addresses: one small file each under /run/isomer/network, created with
// O_EXCL so that concurrent isomer processes never hand out the same subnet or address. /run is a
// tmpfs, so a reboot (which also removes every bridge) forgets them too.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, rmdirSync } from "node:fs";
import { join } from "node:path";

// Where leases live; $ISOMER_NETWORK_STATE overrides (tests).
export function leaseRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.ISOMER_NETWORK_STATE || "/run/isomer/network";
}

function dir(kind: string): string {
  const path = join(leaseRoot(), kind);
  mkdirSync(path, { recursive: true });
  return path;
}

// Takes the lease `name` in `kind` for `owner`; true when taken now or already held by `owner`.
export function takeLease(kind: string, name: string, owner: string): boolean {
  const file = join(dir(kind), name);
  try {
    writeFileSync(file, owner, { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readLease(kind, name) === owner;
  }
}

// The owner of lease `name`, or undefined when it is free.
export function readLease(kind: string, name: string): string | undefined {
  try {
    return readFileSync(join(dir(kind), name), "utf8");
  } catch {
    return undefined;
  }
}

// Every lease in `kind` as [name, owner] pairs.
export function listLeases(kind: string): Array<[string, string]> {
  return readdirSync(dir(kind)).map((name) => [name, readLease(kind, name) ?? ""] as [string, string]);
}

// Releases lease `name` (already free is fine); removes the `kind` folder when it became empty.
export function releaseLease(kind: string, name: string): void {
  rmSync(join(dir(kind), name), { force: true });
  try {
    rmdirSync(join(leaseRoot(), kind));
  } catch {
    // not empty, or already gone
  }
}
