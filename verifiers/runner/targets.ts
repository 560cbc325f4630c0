// What one vitest run is aimed at: a single instance (default) or all instances of a group.
import type { InstanceConnection, RunVerifierContext } from "./types.js";

// A named set of instances the tests run against once.
export interface VerifyTarget {
  name: string;
  instances: InstanceConnection[];
}

// One target per instance, or per inventory group (first group of each instance; `ungrouped` else).
export function verifyTargets(ctx: Pick<RunVerifierContext, "instances" | "per">): VerifyTarget[] {
  if (ctx.per !== "group") return ctx.instances.map((i) => ({ name: i.name, instances: [i] }));
  const groups = new Map<string, InstanceConnection[]>();
  for (const i of ctx.instances) {
    const g = i.groups?.[0] ?? "ungrouped";
    groups.set(g, [...(groups.get(g) ?? []), i]);
  }
  return [...groups].map(([name, instances]) => ({ name, instances }));
}
