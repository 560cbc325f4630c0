// HTTP plumbing for the registry client: retries with backoff on transient failures, and
// registry error bodies turned into RegistryResponseError.
import { InterruptedError } from "../../errors.js";
import { RegistryResponseError, RegistryUnreachableError, type RegistryErrorEntry } from "../errors.js";

import type { RegistryResponse, Transport, TransportRequest } from "./transport.js";

// Re-exported for callers that inject fetch.
export type { FetchFn } from "./transport.js";

// Retry policy: attempts in all, first delay (doubles each time), and the sleeper (injectable).
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  sleep: (ms: number) => Promise<void>;
}

// Statuses worth another try.
export const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);
// Network error codes that mean "nobody answers there": no retry, a clear error instead.
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "ERR_SSL_WRONG_VERSION_NUMBER", "EPROTO", "UND_ERR_CONNECT_TIMEOUT", "CERT_HAS_EXPIRED", "DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"]);

// The errno-like code of a fetch failure (undici puts it on `cause`).
export function networkErrorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && code !== "UND_ERR") return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

// True when a network failure means the registry is not there (as opposed to a hiccup).
export function isUnreachable(e: unknown): boolean {
  const code = networkErrorCode(e);
  return code !== undefined && UNREACHABLE_CODES.has(code);
}

// fetch with retries on transient statuses and network errors; unreachable hosts fail at once.
export async function fetchWithRetry(transport: Transport, registry: string, url: string, init: TransportRequest, policy: RetryPolicy): Promise<RegistryResponse> {
  for (let attempt = 1; ; attempt++) {
    let response: RegistryResponse | undefined;
    try {
      response = await transport(url, init);
    } catch (e) {
      if (init.signal?.aborted) throw new InterruptedError();
      if (isUnreachable(e) || attempt >= policy.attempts) throw new RegistryUnreachableError(registry, e);
    }
    if (response && (!TRANSIENT_STATUS.has(response.status) || attempt >= policy.attempts)) return response;
    await response?.discard();
    const retryAfter = Number(response?.header("retry-after"));
    const delay = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 30_000) : policy.baseDelayMs * 2 ** (attempt - 1);
    await policy.sleep(delay);
    if (init.signal?.aborted) throw new InterruptedError();
  }
}

// The `errors` of a registry error body (`{"errors":[{"code","message","detail"}]}`), if any.
export function parseRegistryErrors(text: string): RegistryErrorEntry[] {
  try {
    const body = JSON.parse(text) as { errors?: RegistryErrorEntry[] };
    return Array.isArray(body.errors) ? body.errors.filter((e) => typeof e?.code === "string") : [];
  } catch {
    return [];
  }
}

// Throw RegistryResponseError (with a what-to-do hint) unless the response is 2xx.
export async function ensureOk(response: RegistryResponse, url: string, what: string): Promise<RegistryResponse> {
  if (response.ok) return response;
  const errors = parseRegistryErrors(await response.text().catch(() => ""));
  const hints: Record<number, string> = {
    401: "the registry wants credentials: add them to ~/.docker/config.json (`auths`), or check the ones there",
    403: "the credentials in ~/.docker/config.json may not pull this repository",
    404: `check the name and tag of ${what}`,
    429: "the registry rate-limits you: wait, log in, or configure a mirror in isomer's config.yml",
  };
  throw new RegistryResponseError(url, response.status, errors, hints[response.status]);
}
