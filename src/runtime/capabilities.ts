// The container's capability set: Docker's default (or, privileged, every capability the host's
// bounding set holds), then cap_add / cap_drop as Docker applies them, always within the host's set.
import { DOCKER_DEFAULT_CAPABILITIES } from "./spec-defaults.js";

// Normalize "net_admin" / "NET_ADMIN" / "CAP_NET_ADMIN" to "CAP_NET_ADMIN" ("ALL" stays "ALL").
export function normalizeCapability(name: string): string {
  const upper = name.trim().toUpperCase();
  if (upper === "ALL") return "ALL";
  return upper.startsWith("CAP_") ? upper : `CAP_${upper}`;
}

// Resolve the final capability list (sorted by the order of the host's bounding set).
export function resolveCapabilities(o: { privileged: boolean; bounding: string[]; add: string[]; drop: string[] }): string[] {
  const add = o.add.map(normalizeCapability);
  const drop = o.drop.map(normalizeCapability);
  const set = new Set<string>(o.privileged || add.includes("ALL") ? o.bounding : DOCKER_DEFAULT_CAPABILITIES);
  if (drop.includes("ALL")) set.clear();
  for (const c of add) if (c !== "ALL") set.add(c);
  for (const c of drop) set.delete(c);
  return o.bounding.filter((c) => set.has(c));
}
