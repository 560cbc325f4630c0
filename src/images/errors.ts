// Errors of the image layer: bad references and digests, integrity failures, registry failures.
import { ConfigError, IsomerError, EXIT } from "../errors.js";

// A blob's content does not hash to the digest (or size) it was fetched or stored under.
export class DigestMismatchError extends IsomerError {
  readonly expected: string;
  readonly actual: string;
  constructor(expected: string, actual: string, where = "blob") {
    super("ISOMER_DIGEST_MISMATCH", `${where} content does not match its digest: expected \`${expected}\`, got \`${actual}\``, {
      hint: "the data was corrupted on the way or by the source; nothing was stored. Pull again; if it persists, the registry serves a damaged blob",
    });
    this.expected = expected;
    this.actual = actual;
  }
}

// A string that should be a `sha256:<hex>` digest is not.
export class InvalidDigestError extends ConfigError {
  constructor(value: string) {
    super(`Expected a digest \`sha256:<64 lowercase hex digits>\`, got \`${value}\``, { code: "ISOMER_INVALID_DIGEST" });
  }
}

// A string that should be an image reference is not (exit 2).
export class InvalidReferenceError extends ConfigError {
  readonly reference: string;
  constructor(reference: string, why: string) {
    super(`Expected an image reference like \`debian:bookworm\` or \`registry:5000/team/app:1.0\`, got \`${reference}\` (${why})`, {
      code: "ISOMER_INVALID_REFERENCE",
    });
    this.reference = reference;
  }
}

// The image is not in the store (and was not to be pulled).
export class ImageNotFoundError extends IsomerError {
  constructor(ref: string, hint?: string) {
    super("ISOMER_IMAGE_NOT_FOUND", `image \`${ref}\` is not in the store`, {
      exitCode: EXIT.failure,
      hint: hint ?? `pull it with \`isomer image pull ${ref}\`, import it with \`isomer image import FILE --tag ${ref}\`, or bootstrap a Debian image with \`isomer image bootstrap ${ref} --suite bookworm\``,
    });
  }
}

// One error entry of a registry's JSON error body (distribution spec).
export interface RegistryErrorEntry {
  code: string;
  message?: string;
  detail?: unknown;
}

// The registry answered with an error status.
export class RegistryResponseError extends IsomerError {
  readonly status: number;
  readonly errors: RegistryErrorEntry[];
  readonly url: string;
  constructor(url: string, status: number, errors: RegistryErrorEntry[], hint?: string) {
    const what = errors.length ? errors.map((e) => `${e.code}${e.message ? `: ${e.message}` : ""}`).join("; ") : `HTTP ${status}`;
    super("ISOMER_REGISTRY_ERROR", `registry refused \`${url}\` (${status}): ${what}`, { hint });
    this.status = status;
    this.errors = errors;
    this.url = url;
  }
}

// The connection broke while a response body was being read (reset, closed early, malformed
// framing): the registry answered, but `what` did not arrive whole.
export class RegistryTransferError extends IsomerError {
  readonly registry: string;
  constructor(registry: string, what: string, cause: unknown) {
    const c = cause as { code?: unknown; message?: unknown } | undefined;
    const why = typeof c?.code === "string" ? `${c.code}${typeof c.message === "string" && c.message !== c.code ? `: ${c.message}` : ""}` : String(c?.message ?? cause);
    super("ISOMER_REGISTRY_TRANSFER", `the transfer of ${what} from registry \`${registry}\` broke off (${why})`, {
      cause,
      hint: "the connection to the registry was cut or garbled on the way; nothing of it was stored. Pull again; if it keeps happening, check the network or proxy between you and the registry",
    });
    this.registry = registry;
  }
}

// The registry could not be reached at all (DNS, connection refused, TLS, timeouts).
export class RegistryUnreachableError extends IsomerError {
  readonly registry: string;
  constructor(registry: string, cause: unknown, hint?: string) {
    const c = cause as { code?: unknown; cause?: { code?: unknown } } | undefined;
    const code = [c?.code, c?.cause?.code].find((v): v is string => typeof v === "string");
    const plainHttp = code === "ERR_SSL_WRONG_VERSION_NUMBER" || (code === "EPROTO" && /wrong version number/i.test(String((cause as Error | undefined)?.message)));
    const why = plainHttp ? "it answers plain HTTP, not HTTPS" : code === "ISOMER_IDLE_TIMEOUT" ? (cause as Error).message : code ?? (cause instanceof Error ? cause.message : String(cause));
    super("ISOMER_REGISTRY_UNREACHABLE", `cannot reach registry \`${registry}\` (${why})`, {
      cause,
      hint: hint ?? (plainHttp
        ? `if you trust it, allow plain HTTP with \`--insecure-registry ${registry}\` (or \`images.insecure_registries\` in isomer's config.yml)`
        : "check the registry name and the network, or configure a mirror under `images.mirrors` in isomer's config.yml; without any registry, `isomer image import` or `isomer image bootstrap` get images locally"),
    });
    this.registry = registry;
  }
}

// No manifest in an index matches the requested platform.
export class PlatformNotFoundError extends IsomerError {
  constructor(ref: string, wanted: string, available: string[]) {
    super("ISOMER_PLATFORM_NOT_FOUND", `image \`${ref}\` has no manifest for platform \`${wanted}\` (it has: ${available.map((p) => `\`${p}\``).join(", ") || "none"})`, {
      hint: "choose one of those with `--platform os/arch[/variant]`",
    });
  }
}
