// Rules on `platforms:`: present, named, unique names, image references, published ports (parsed
// by the runtime's one grammar, and refused here when the runtime could not publish them).
import type { Diagnostic } from "./types.js";
import { childPath } from "./check-schema.js";
import { parsePortSpecs } from "../runtime/network/ports.js";

const err = (path: string, message: string): Diagnostic => ({ severity: "error", path, message });

// distribution/reference grammar (normalize.go / regexp.go), checked piece by piece for messages.
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$|^\[[0-9a-fA-F:]+\](?::[0-9]+)?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

// Why `ref` is not a valid image reference, or undefined when it is.
export function imageReferenceProblem(ref: string): string | undefined {
  if (ref === "") return "empty";
  if (/\s/.test(ref)) return "contains whitespace";
  let rest = ref;
  const at = rest.indexOf("@");
  if (at >= 0) {
    if (!DIGEST.test(rest.slice(at + 1))) return `bad digest \`${rest.slice(at + 1)}\` (expected \`sha256:<64 hex>\`)`;
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > slash) {
    const tag = rest.slice(colon + 1);
    if (!TAG.test(tag)) return `bad tag \`${tag}\` (letters, digits, \`_\`, \`.\`, \`-\`, at most 128)`;
    rest = rest.slice(0, colon);
  }
  const parts = rest.split("/");
  const first = parts[0]!;
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost" || /[A-Z]/.test(first))) {
    if (!DOMAIN.test(first)) return `bad registry host \`${first}\``;
    parts.shift();
  }
  for (const part of parts) {
    if (/[A-Z]/.test(part)) return "uppercase letters: repository names are lowercase";
    if (!PATH_COMPONENT.test(part)) return `bad repository name component \`${part}\``;
  }
  return undefined;
}

// Why the published port `spec` cannot be published, or undefined (the grammar is the runtime's).
export function publishedPortProblem(spec: string | number): string | undefined {
  const parsed = parsePortSpecs(spec);
  if (typeof parsed === "string") return `bad published port: ${parsed}`;
  const v6 = parsed.find((p) => p.hostIp?.includes(":"));
  if (!v6) return undefined;
  const rest = String(spec).trim().replace(/^\[[^\]]*\]:/, "");
  return `IPv6 host address \`${v6.hostIp}\` in \`${String(spec).trim()}\`: isomer publishes ports on IPv4 only; use \`127.0.0.1:${rest}\` (loopback) or \`${rest}\` (every IPv4 address)`;
}

// All platform rules; `requirePlatforms` is false when current Molecule's `ansible:` section is used.
export function platformRules(platforms: unknown, requirePlatforms: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (platforms === undefined || platforms === null) {
    if (requirePlatforms) out.push(err("platforms", "missing `platforms`: add at least one, e.g. `platforms: [{name: instance, image: debian:bookworm}]`"));
    return out;
  }
  if (!Array.isArray(platforms)) return out; // schema reports the type
  if (platforms.length === 0 && requirePlatforms) out.push(err("platforms", "`platforms` is empty: add at least one platform with a `name`"));
  const seen = new Map<string, number>();
  platforms.forEach((p: unknown, i) => {
    const at = childPath("platforms", i);
    if (typeof p !== "object" || p === null || Array.isArray(p)) return;
    const platform = p as Record<string, unknown>;
    if (platform.name === undefined) out.push(err(at, `missing \`${at}.name\`: every platform needs a unique name`));
    else if (typeof platform.name === "string") {
      if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(platform.name)) out.push(err(childPath(at, "name"), `Expected \`${at}.name\` to be a host name (letters, digits, \`_\`, \`.\`, \`-\`), got \`${platform.name}\``));
      const before = seen.get(platform.name);
      if (before !== undefined) out.push(err(childPath(at, "name"), `duplicate platform name \`${platform.name}\` (also \`platforms[${before}].name\`): names must be unique`));
      else seen.set(platform.name, i);
    }
    if (typeof platform.image === "string") {
      const problem = imageReferenceProblem(platform.image);
      if (problem) out.push(err(childPath(at, "image"), `Expected \`${at}.image\` to be an image reference like \`debian:bookworm\`, got \`${platform.image}\` (${problem})`));
    }
    if (Array.isArray(platform.published_ports)) {
      platform.published_ports.forEach((spec: unknown, j) => {
        if (typeof spec !== "string" && typeof spec !== "number") return;
        const problem = publishedPortProblem(spec);
        if (problem) out.push(err(childPath(childPath(at, "published_ports"), j), problem));
      });
    }
  });
  return out;
}
