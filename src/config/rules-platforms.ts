// Rules on `platforms:`: present, named, unique names, image references (the images layer's one
// grammar, distribution/reference's), published ports (the runtime's one grammar, refused here
// when the runtime could not publish them), volumes, security options and ulimits (Docker's grammars, the
// runtime layer's parsers).
import type { Diagnostic } from "./types.js";
import { childPath } from "./check-schema.js";
import { parsePortSpecs } from "../runtime/network/ports.js";
import { parseReference } from "../images/reference.js";
import { InvalidReferenceError } from "../images/errors.js";
import { parseSecurityOpts } from "../runtime/security-opts.js";
import { parseUlimit } from "../runtime/ulimits.js";
import { parseVolumeSpec } from "../runtime/volume-spec.js";

const err = (path: string, message: string): Diagnostic => ({ severity: "error", path, message });

// Why `ref` is not an image reference (the images layer's message), or undefined.
export function imageReferenceProblem(ref: string): string | undefined {
  try {
    parseReference(ref);
    return undefined;
  } catch (e) {
    if (e instanceof InvalidReferenceError) return e.message;
    throw e;
  }
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
      if (problem) out.push(err(childPath(at, "image"), problem));
    }
    if (Array.isArray(platform.security_opts)) {
      platform.security_opts.forEach((opt: unknown, j) => {
        if (typeof opt !== "string") return;
        const parsed = parseSecurityOpts([opt]);
        if (typeof parsed === "string") out.push(err(childPath(childPath(at, "security_opts"), j), parsed));
      });
    }
    if (Array.isArray(platform.volumes)) {
      platform.volumes.forEach((spec: unknown, j) => {
        if (typeof spec !== "string") return;
        const parsed = parseVolumeSpec(spec);
        if (typeof parsed === "string") out.push(err(childPath(childPath(at, "volumes"), j), parsed));
      });
    }
    if (Array.isArray(platform.ulimits)) {
      platform.ulimits.forEach((spec: unknown, j) => {
        if (typeof spec !== "string") return;
        const parsed = parseUlimit(spec);
        if (typeof parsed === "string") out.push(err(childPath(childPath(at, "ulimits"), j), parsed));
      });
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
