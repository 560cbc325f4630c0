// Image references by the rules of distribution/reference (normalize.go): `debian` means
// `docker.io/library/debian:latest`; a first component with `.` or `:` or `localhost` is a registry.
import { InvalidReferenceError } from "./errors.js";

// The default registry and its namespace for official images.
export const DEFAULT_DOMAIN = "docker.io";
const LEGACY_DOMAIN = "index.docker.io";
const OFFICIAL_NAMESPACE = "library";

const COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const DOMAIN_RE = /^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$/;
const NAME_MAX = 255;

// A parsed, normalized image reference.
export interface ImageReference {
  domain: string; // e.g. docker.io, localhost:5000
  path: string; // e.g. library/debian
  tag?: string; // absent only when a digest is given without a tag
  digest?: string;
}

// Parse and normalize `input`; throws InvalidReferenceError with the reason.
export function parseReference(input: string): ImageReference {
  const s = input.trim();
  if (!s) throw new InvalidReferenceError(input, "empty");
  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) throw new InvalidReferenceError(input, `invalid digest \`${digest}\``);
    if (digest.startsWith("sha256:") && !/^sha256:[a-f0-9]{64}$/.test(digest)) {
      throw new InvalidReferenceError(input, "a sha256 digest has 64 lowercase hex digits");
    }
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) throw new InvalidReferenceError(input, `invalid tag \`${tag}\``);
  }
  const { domain, path } = splitDomain(rest, input);
  const name = `${domain}/${path}`;
  if (name.length > NAME_MAX) throw new InvalidReferenceError(input, `repository name longer than ${NAME_MAX} characters`);
  if (!tag && !digest) tag = "latest";
  return { domain, path, tag, digest };
}

function splitDomain(name: string, input: string): { domain: string; path: string } {
  if (!name) throw new InvalidReferenceError(input, "no repository name");
  const slash = name.indexOf("/");
  let domain = DEFAULT_DOMAIN;
  let path = name;
  const first = slash < 0 ? "" : name.slice(0, slash);
  if (slash >= 0 && (/[.:]/.test(first) || first === "localhost" || first.toLowerCase() !== first)) {
    domain = first;
    path = name.slice(slash + 1);
    if (!DOMAIN_RE.test(domain)) throw new InvalidReferenceError(input, `invalid registry host \`${domain}\``);
  }
  if (domain === LEGACY_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !path.includes("/")) path = `${OFFICIAL_NAMESPACE}/${path}`;
  for (const component of path.split("/")) {
    if (component.toLowerCase() !== component) {
      throw new InvalidReferenceError(input, "repository names must be lowercase");
    }
    if (!COMPONENT_RE.test(component)) {
      throw new InvalidReferenceError(input, component ? `invalid path component \`${component}\`` : "empty path component");
    }
  }
  return { domain, path };
}

// `domain/path` (the repository name).
export function repositoryName(ref: ImageReference): string {
  return `${ref.domain}/${ref.path}`;
}

// The full normalized string: `docker.io/library/debian:bookworm[@sha256:...]`.
export function formatReference(ref: ImageReference): string {
  return repositoryName(ref) + (ref.tag ? `:${ref.tag}` : "") + (ref.digest ? `@${ref.digest}` : "");
}

// The short form users type: `debian:bookworm`, `geerlingguy/docker-debian12-ansible:latest`.
export function familiarReference(ref: ImageReference): string {
  let name = repositoryName(ref);
  if (ref.domain === DEFAULT_DOMAIN) {
    name = ref.path.startsWith(`${OFFICIAL_NAMESPACE}/`) ? ref.path.slice(OFFICIAL_NAMESPACE.length + 1) : ref.path;
  }
  return name + (ref.tag ? `:${ref.tag}` : "") + (ref.digest ? `@${ref.digest}` : "");
}

// Normalize a user's string to the full form (the store's tag key).
export function normalizeReference(input: string): string {
  return formatReference(parseReference(input));
}

// The tag or digest to ask the registry for (digest wins: it is immutable).
export function referenceTarget(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? "latest";
}
