// Rules on `platforms:`: present, named, unique names, image references, published ports.
import type { Diagnostic, PublishedPort } from "./types.js";
import { childPath } from "./check-schema.js";

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

// Parse Docker's `[ip:][hostPort:]containerPort[/proto]` (ranges expand); a string error when bad.
export function parsePublishedPort(spec: string | number): PublishedPort[] | string {
  const text = String(spec).trim();
  const [body, proto = "tcp", extra] = text.split("/");
  if (extra !== undefined || !["tcp", "udp"].includes(proto)) return `bad protocol in \`${text}\` (expected \`tcp\` or \`udp\`)`;
  let hostIp: string | undefined;
  let ports = body!;
  const v6 = /^\[([0-9a-fA-F:]+)\]:(.*)$/.exec(ports);
  if (v6) [hostIp, ports] = [v6[1], v6[2]!];
  const fields = ports.split(":");
  if (fields.length > 3) return `too many \`:\` in \`${text}\` (expected \`[ip:][host:]container[/proto]\`)`;
  if (fields.length === 3) hostIp = fields.shift();
  const container = fields.pop()!;
  const host = fields.pop();
  const range = (s: string): [number, number] | undefined => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(s);
    if (!m) return undefined;
    const lo = Number(m[1]);
    const hi = Number(m[2] ?? m[1]);
    return lo >= 1 && hi <= 65535 && lo <= hi ? [lo, hi] : undefined;
  };
  const c = range(container);
  if (!c) return `bad container port \`${container}\` in \`${text}\` (expected 1-65535)`;
  const h = host ? range(host) : undefined;
  if (host && !h) return `bad host port \`${host}\` in \`${text}\` (expected 1-65535)`;
  if (h && h[1] - h[0] !== c[1] - c[0]) return `host and container port ranges differ in length in \`${text}\``;
  const out: PublishedPort[] = [];
  for (let i = 0; i <= c[1] - c[0]; i++) {
    out.push({ hostIp: hostIp || undefined, hostPort: h ? h[0] + i : undefined, containerPort: c[0] + i, protocol: proto as "tcp" | "udp" });
  }
  return out;
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
        const parsed = parsePublishedPort(spec);
        if (typeof parsed === "string") out.push(err(childPath(childPath(at, "published_ports"), j), `bad published port: ${parsed}`));
      });
    }
  });
  return out;
}
