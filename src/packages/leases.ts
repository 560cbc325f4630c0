// Leases on the package cache: one file per instance under `$ISOMER_HOME/packages/leases/`, written
// before the instance is created and removed by destroy. The first lease starts the cache process
// (cache-server.ts, detached); it stops when the last lease is released or its instance is gone
// (the lease names the container's runtime state directory), so no daemon stays behind.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { IsomerError } from "../errors.js";
import { atomicTempWriter, writeFileAtomicSync } from "../util/atomic-write.js";
import { ownerAlive, parseOwner, processStartTime } from "../util/owner.js";
import { isomerHome, packageRoot } from "../util/paths.js";

// A lease younger than this counts even before its container's state directory exists.
const GRACE_MS = 120_000;

// $ISOMER_HOME/packages ($ISOMER_PACKAGE_CACHE_DIR overrides): the cache's files, its server
// record and the leases.
export function packageCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ISOMER_PACKAGE_CACHE_DIR || join(isomerHome(env), "packages");
}

// The files under a cache directory.
export function cacheFiles(dir: string) {
  return { cache: join(dir, "cache"), server: join(dir, "server.json"), leases: join(dir, "leases") };
}

// The built cache process (dist/), which `acquirePackageCache` starts.
export function cacheServerScript(): string {
  return join(packageRoot(), "dist", "src", "packages", "cache-server.js");
}

interface Lease { stateDir: string; created: number }

// Ids of the leases whose instance may still exist; removes the others' files.
export function liveLeases(dir: string): string[] {
  const { leases } = cacheFiles(dir);
  const live: string[] = [];
  for (const id of existsSync(leases) ? readdirSync(leases) : []) {
    const writer = atomicTempWriter(id);
    if (writer !== undefined) { // a lease being written is not one yet; a dead writer's is litter
      if (processStartTime(writer) === undefined) rmSync(join(leases, id), { force: true });
      continue;
    }
    try {
      const lease = JSON.parse(readFileSync(join(leases, id), "utf8")) as Lease;
      if (existsSync(lease.stateDir) || Date.now() - lease.created < GRACE_MS) live.push(id);
      else rmSync(join(leases, id), { force: true });
    } catch {
      // being written or unreadable: count it as live
      live.push(id);
    }
  }
  return live;
}

// The running cache process's {owner, port}, if any.
export function runningServer(dir: string): { owner: string; port: number } | undefined {
  try {
    const record = JSON.parse(readFileSync(cacheFiles(dir).server, "utf8")) as { owner: string; port: number };
    return ownerAlive(record.owner) ? record : undefined;
  } catch {
    return undefined;
  }
}

// Takes a lease in cache directory `dir` for container `id` (runtime state dir `stateDir`) and
// returns the cache's port, starting the cache process when none runs.
export async function acquirePackageCache(dir: string, id: string, stateDir: string): Promise<number> {
  const files = cacheFiles(dir);
  mkdirSync(files.leases, { recursive: true });
  writeFileAtomicSync(join(files.leases, id), JSON.stringify({ stateDir, created: Date.now() } satisfies Lease));
  const running = runningServer(dir);
  if (running) return running.port;
  const child = spawn(process.execPath, [cacheServerScript(), dir], { detached: true, stdio: "ignore" });
  child.unref();
  for (let i = 0; i < 200; i++) {
    const up = runningServer(dir);
    if (up) return up.port;
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  throw new IsomerError("ISOMER_PACKAGE_CACHE", `the package cache did not start (${cacheServerScript()}, exit ${child.exitCode ?? "none yet"})`, {
    hint: "run `npm run build` if dist/ is missing, or turn the cache off with ISOMER_PACKAGE_CACHE=0 or `driver.options.package_cache: false`",
  });
}

// Releases container `id`'s lease; the last one stops the cache process (waiting for it to exit).
export async function releasePackageCache(dir: string, id: string): Promise<void> {
  rmSync(join(cacheFiles(dir).leases, id), { force: true });
  if (liveLeases(dir).length > 0) return;
  const running = runningServer(dir);
  if (!running) return;
  const { pid } = parseOwner(running.owner);
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  for (let i = 0; i < 60 && ownerAlive(running.owner); i++) await sleep(50);
}
