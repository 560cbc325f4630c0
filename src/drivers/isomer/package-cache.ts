// The embedded driver's use of the package cache (src/packages/): a lease per instance on a bridge
// network, recorded before it is taken, and the bridge's HTTP redirected to the cache. On unless
// ISOMER_PACKAGE_CACHE=0 or `driver.options.package_cache: false`.
import { join } from "node:path";
import { acquirePackageCache, packageCacheDir, releasePackageCache } from "../../packages/leases.js";
import { redirectHttp, type BridgeRecord } from "../../runtime/network/index.js";
import type { CleanupResource, DriverContext } from "../driver.js";

// The resource kind of a lease in state.
export const LEASE_KIND = "package-lease";

// True unless the user turned the cache off.
export function packageCacheWanted(ctx: DriverContext): boolean {
  return ctx.env.ISOMER_PACKAGE_CACHE !== "0" && ctx.config.driver.options?.package_cache !== false;
}

// Leases the cache for `instances` (container id + runtime root) and points `bridge`'s HTTP at it;
// a cache that cannot start is a warning, and the instances use the mirrors directly.
export async function usePackageCache(ctx: DriverContext, bridge: BridgeRecord, instances: Array<{ id: string; root: string }>,
  record: (r: Omit<CleanupResource, "driver">) => Promise<void>): Promise<void> {
  const dir = packageCacheDir(ctx.env);
  let port = 0;
  try {
    for (const { id, root } of instances) {
      await record({ kind: LEASE_KIND, id, data: { dir } });
      port = await acquirePackageCache(dir, id, join(root, id));
    }
  } catch (e) {
    ctx.logger.warn(`package cache not used: ${(e as Error).message}`);
    return;
  }
  await redirectHttp(bridge, port);
  ctx.logger.info(`package cache: the instances' HTTP (apt mirrors) goes through 127.0.0.1:${port}, kept in ${dir}`);
}

// Destroy's side: releases a recorded lease (the last one stops the cache).
export async function releaseLease(resource: CleanupResource): Promise<void> {
  await releasePackageCache(String(resource.data?.dir), resource.id);
}
