// An OCI distribution API client for one registry endpoint: manifests and blobs of a repository,
// with anonymous, bearer-token (from WWW-Authenticate) and basic auth, and retries.
import { sha256Digest } from "../digest.js";
import { DigestMismatchError, RegistryResponseError, RegistryTransferError } from "../errors.js";
import { ACCEPTED_MANIFESTS } from "../media-types.js";
import { basicAuthorization, type Credentials } from "./credentials.js";
import { ensureOk, fetchWithRetry, type RetryPolicy } from "./http.js";
import { fetchTransport, nodeTransport, type FetchFn, type RegistryResponse, type Transport, type TransportRequest } from "./transport.js";
import { TokenCache } from "./token-cache.js";
import { parseWwwAuthenticate } from "./www-authenticate.js";

const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

// How to reach one registry endpoint.
export interface RegistryClientOptions {
  registry: string; // the name in references / messages, e.g. docker.io, 127.0.0.1:5000
  endpoint: string; // base URL, e.g. https://registry-1.docker.io or http://127.0.0.1:5000
  credentials?: Credentials;
  fetch?: FetchFn; // default: node:http(s) (see transport.ts)
  idleTimeoutMs?: number; // node:http(s) only: how long an exchange may receive nothing (default 30 s)
  tokens?: TokenCache;
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal; // Ctrl-C: aborts requests and bodies in flight
}

// A fetched manifest or index, bytes exactly as served.
export interface FetchedManifest {
  bytes: Buffer;
  mediaType: string;
  digest: string;
}

// Client for one registry endpoint.
export class RegistryClient {
  readonly registry: string;
  readonly endpoint: string;
  private readonly transport: Transport;
  private readonly tokens: TokenCache;
  private readonly retry: RetryPolicy;
  private readonly authByScope = new Map<string, string>();

  constructor(private readonly options: RegistryClientOptions) {
    this.registry = options.registry;
    this.endpoint = options.endpoint.replace(/\/+$/, "");
    this.transport = options.fetch ? fetchTransport(options.fetch) : nodeTransport(options.idleTimeoutMs);
    this.tokens = options.tokens ?? new TokenCache();
    this.retry = { attempts: 4, baseDelayMs: 250, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), ...options.retry };
  }

  // GET a manifest by tag or digest; checks the digest (against the reference or the header).
  async getManifest(repo: string, reference: string, accept: string[] = ACCEPTED_MANIFESTS): Promise<FetchedManifest> {
    const url = `${this.endpoint}/v2/${repo}/manifests/${reference}`;
    const response = await ensureOk(await this.request(repo, url, { headers: { accept: accept.join(", ") } }), url, `\`${this.registry}/${repo}:${reference}\``);
    const length = Number(response.header("content-length") ?? 0);
    if (length > MAX_MANIFEST_BYTES) throw new RegistryResponseError(url, response.status, [{ code: "MANIFEST_TOO_LARGE", message: `${length} bytes` }]);
    const bytes = await response.bytes().catch((e: unknown) => {
      throw new RegistryTransferError(this.registry, `manifest \`${repo}:${reference}\``, e);
    });
    const digest = sha256Digest(bytes);
    const expected = reference.startsWith("sha256:") ? reference : response.header("docker-content-digest");
    if (expected && expected.startsWith("sha256:") && expected !== digest) throw new DigestMismatchError(expected, digest, `manifest ${repo}:${reference}`);
    const parsed = JSON.parse(bytes.toString("utf8")) as { mediaType?: string; manifests?: unknown };
    const mediaType = parsed.mediaType ?? response.header("content-type")?.split(";")[0] ?? "";
    return { bytes, mediaType, digest };
  }

  // GET a blob; returns the response (body not yet read) for streaming into the store.
  async getBlob(repo: string, digest: string): Promise<RegistryResponse> {
    const url = `${this.endpoint}/v2/${repo}/blobs/${digest}`;
    return ensureOk(await this.request(repo, url, {}), url, `blob \`${digest}\` of \`${this.registry}/${repo}\``);
  }

  // A request with the repository's cached authorization; on 401, authenticate and retry once.
  private async request(repo: string, url: string, init: Partial<TransportRequest>): Promise<RegistryResponse> {
    const scope = `repository:${repo}:pull`;
    const send = (authorization?: string) => fetchWithRetry(this.transport, this.registry, url, {
      ...init,
      ...(this.options.signal ? { signal: this.options.signal } : {}),
      headers: { ...init.headers, ...(authorization ? { authorization } : {}), "user-agent": "isomer" },
    }, this.retry);
    const first = await send(this.authByScope.get(scope));
    if (first.status !== 401) return first;
    const challenge = parseWwwAuthenticate(first.header("www-authenticate"));
    await first.discard();
    if (!challenge) return send();
    const authorization = challenge.scheme === "bearer"
      ? await this.bearer(challenge.params, scope)
      : this.options.credentials ? basicAuthorization(this.options.credentials) : undefined;
    if (!authorization) return send(); // gives the 401 with its body for ensureOk
    this.authByScope.set(scope, authorization);
    return send(authorization);
  }

  private async bearer(params: Record<string, string>, scope: string): Promise<string> {
    const realm = params.realm;
    if (!realm) throw new RegistryResponseError(this.endpoint, 401, [{ code: "UNAUTHORIZED", message: "bearer challenge without a realm" }]);
    const wantedScope = params.scope ?? scope;
    const key = `${realm}|${params.service ?? ""}|${wantedScope}|${this.options.credentials?.username ?? ""}`;
    const cached = this.tokens.get(key);
    if (cached) return `Bearer ${cached}`;
    const url = new URL(realm);
    if (params.service) url.searchParams.set("service", params.service);
    url.searchParams.set("scope", wantedScope);
    const headers: Record<string, string> = this.options.credentials ? { authorization: basicAuthorization(this.options.credentials) } : {};
    const response = await ensureOk(await fetchWithRetry(this.transport, url.host, url.toString(), { headers, ...(this.options.signal ? { signal: this.options.signal } : {}) }, this.retry), url.toString(), "the token request");
    const body = JSON.parse(await response.text()) as { token?: string; access_token?: string; expires_in?: number };
    const token = body.token ?? body.access_token;
    if (!token) throw new RegistryResponseError(url.toString(), response.status, [{ code: "UNAUTHORIZED", message: "token response without a token" }]);
    this.tokens.set(key, token, body.expires_in);
    return `Bearer ${token}`;
  }
}
