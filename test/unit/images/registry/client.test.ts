// The registry client against an injected fetch (a scripted registry): auth flows, token cache
// with an injected clock, retries, error bodies, digest checks. The real registry is exercised
// in test/integration/images/registry-pull.test.ts.
import { describe, expect, it } from "vitest";
import { RegistryClient } from "../../../../src/images/registry/client.js";
import { TokenCache } from "../../../../src/images/registry/token-cache.js";
import { parseWwwAuthenticate } from "../../../../src/images/registry/www-authenticate.js";
import { DigestMismatchError, RegistryResponseError, RegistryTransferError, RegistryUnreachableError } from "../../../../src/images/errors.js";
import { sha256Digest } from "../../../../src/images/digest.js";
import { InterruptedError } from "../../../../src/errors.js";

type Handler = (url: URL, init: RequestInit) => Response | Promise<Response>;
const manifest = JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", config: {}, layers: [] });

function scripted(handler: Handler) {
  const calls: Array<{ url: string; auth?: string }> = [];
  const fetch = async (url: string, init: RequestInit = {}) => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    calls.push({ url, auth: headers.authorization });
    return handler(new URL(url), init);
  };
  return { fetch, calls };
}

function tokenRegistry(opts: { expiresIn?: number; user?: string } = {}) {
  let issued = 0;
  return scripted((url, init) => {
    const auth = ((init.headers ?? {}) as Record<string, string>).authorization;
    if (url.pathname === "/token") {
      if (opts.user && auth !== "Basic " + Buffer.from(opts.user).toString("base64")) return new Response('{"errors":[{"code":"DENIED","message":"bad login"}]}', { status: 401 });
      return Response.json({ token: `t${++issued}`, expires_in: opts.expiresIn ?? 300 });
    }
    if (!auth?.startsWith("Bearer ")) {
      return new Response('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}', { status: 401, headers: { "www-authenticate": 'Bearer realm="https://auth.test/token",service="reg.test",scope="repository:team/app:pull"' } });
    }
    return new Response(manifest, { headers: { "content-type": "application/vnd.oci.image.manifest.v1+json", "docker-content-digest": sha256Digest(manifest) } });
  });
}

const noSleep = { sleep: async () => undefined };

describe("parseWwwAuthenticate", () => {
  it("reads the scheme and quoted parameters", () => {
    expect(parseWwwAuthenticate('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/debian:pull"')).toEqual({
      scheme: "bearer", params: { realm: "https://auth.docker.io/token", service: "registry.docker.io", scope: "repository:library/debian:pull" },
    });
    expect(parseWwwAuthenticate('Basic realm="Registry Realm"')).toEqual({ scheme: "basic", params: { realm: "Registry Realm" } });
    expect(parseWwwAuthenticate(null)).toBeUndefined();
  });
});

describe("RegistryClient", () => {
  it("answers a bearer challenge with an anonymous token and reuses it for the repository", async () => {
    const reg = tokenRegistry();
    const client = new RegistryClient({ registry: "reg.test", endpoint: "https://reg.test", fetch: reg.fetch, retry: noSleep });
    const m = await client.getManifest("team/app", "1");
    expect(m.digest).toBe(sha256Digest(manifest));
    await client.getManifest("team/app", "2");
    expect(reg.calls.map((c) => new URL(c.url).pathname)).toEqual(["/v2/team/app/manifests/1", "/token", "/v2/team/app/manifests/1", "/v2/team/app/manifests/2"]);
    expect(reg.calls[1].url).toContain("service=reg.test");
    expect(reg.calls[1].url).toContain("scope=repository%3Ateam%2Fapp%3Apull");
    expect(reg.calls[3].auth).toBe("Bearer t1");
  });

  it("sends basic credentials to the token realm", async () => {
    const reg = tokenRegistry({ user: "alice:pw" });
    const client = new RegistryClient({ registry: "reg.test", endpoint: "https://reg.test", fetch: reg.fetch, credentials: { username: "alice", password: "pw" }, retry: noSleep });
    await client.getManifest("team/app", "1");
    const wrong = new RegistryClient({ registry: "reg.test", endpoint: "https://reg.test", fetch: tokenRegistry({ user: "alice:pw" }).fetch, credentials: { username: "alice", password: "no" }, retry: noSleep });
    await expect(wrong.getManifest("team/app", "1")).rejects.toThrow("DENIED: bad login");
  });

  it("fetches a new token once the cached one expires (clock injected)", async () => {
    let now = 1_000_000;
    const tokens = new TokenCache(() => now);
    const reg = tokenRegistry({ expiresIn: 60 });
    const a = new RegistryClient({ registry: "reg.test", endpoint: "https://reg.test", fetch: reg.fetch, tokens, retry: noSleep });
    await a.getManifest("team/app", "1");
    const b = new RegistryClient({ registry: "reg.test", endpoint: "https://reg.test", fetch: reg.fetch, tokens, retry: noSleep });
    await b.getManifest("team/app", "1");
    expect(reg.calls.filter((c) => c.url.includes("/token"))).toHaveLength(1);
    now += 55_000;
    const c = new RegistryClient({ registry: "reg.test", endpoint: "https://reg.test", fetch: reg.fetch, tokens, retry: noSleep });
    await c.getManifest("team/app", "1");
    expect(reg.calls.filter((c) => c.url.includes("/token"))).toHaveLength(2);
  });

  it("answers a basic challenge with the configured credentials", async () => {
    const reg = scripted((_url, init) => {
      const auth = ((init.headers ?? {}) as Record<string, string>).authorization;
      if (auth !== "Basic " + Buffer.from("bob:pw").toString("base64")) return new Response("", { status: 401, headers: { "www-authenticate": 'Basic realm="r"' } });
      return new Response(manifest);
    });
    const client = new RegistryClient({ registry: "reg.test", endpoint: "https://reg.test", fetch: reg.fetch, credentials: { username: "bob", password: "pw" }, retry: noSleep });
    await client.getManifest("x", "1");
    expect(reg.calls).toHaveLength(2);
  });

  it("retries 5xx and connection resets with doubling delays, then succeeds", async () => {
    let n = 0;
    const delays: number[] = [];
    const reg = scripted(() => {
      n++;
      if (n === 1) return new Response("", { status: 503 });
      if (n === 2) throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } });
      return new Response(manifest);
    });
    const client = new RegistryClient({ registry: "reg.test", endpoint: "https://reg.test", fetch: reg.fetch, retry: { sleep: async (ms) => void delays.push(ms), baseDelayMs: 100 } });
    await client.getManifest("x", "1");
    expect(delays).toEqual([100, 200]);
  });

  it("gives up at once on a refused connection, naming the registry", async () => {
    let n = 0;
    const client = new RegistryClient({ registry: "reg.test:5000", endpoint: "https://reg.test:5000", retry: noSleep, fetch: async () => {
      n++;
      throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    } });
    await expect(client.getManifest("x", "1")).rejects.toThrow(RegistryUnreachableError);
    await expect(client.getManifest("x", "1")).rejects.toThrow("cannot reach registry `reg.test:5000` (ECONNREFUSED)");
    expect(n).toBe(2);
  });

  it("stops at once, without retrying, when the signal aborts (Ctrl-C)", async () => {
    const controller = new AbortController();
    let n = 0;
    const client = new RegistryClient({ registry: "reg.test", endpoint: "https://reg.test", signal: controller.signal, retry: noSleep, fetch: async (_url, init) => {
      n++;
      controller.abort();
      expect(init?.signal).toBe(controller.signal);
      throw new DOMException("aborted", "AbortError");
    } });
    await expect(client.getManifest("x", "1")).rejects.toThrow(InterruptedError);
    expect(n).toBe(1);
  });

  it("turns a registry error body into RegistryResponseError with a hint", async () => {
    const client = new RegistryClient({ registry: "reg.test", endpoint: "https://reg.test", retry: noSleep, fetch: async () => new Response('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}', { status: 404 }) });
    const error = await client.getManifest("team/app", "nope").catch((e: RegistryResponseError) => e);
    expect(error).toBeInstanceOf(RegistryResponseError);
    expect(error.errors).toEqual([{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }]);
    expect(error.status).toBe(404);
    expect(error.hint).toContain("check the name and tag");
  });

  it("rejects a manifest whose bytes do not match the digest asked for or announced", async () => {
    const wrong = "sha256:" + "1".repeat(64);
    const client = new RegistryClient({ registry: "reg.test", endpoint: "https://reg.test", retry: noSleep, fetch: async () => new Response(manifest, { headers: { "docker-content-digest": wrong } }) });
    await expect(client.getManifest("x", "1")).rejects.toThrow(DigestMismatchError);
    const byDigest = new RegistryClient({ registry: "reg.test", endpoint: "https://reg.test", retry: noSleep, fetch: async () => new Response(manifest) });
    await expect(byDigest.getManifest("x", wrong)).rejects.toThrow(DigestMismatchError);
  });

  it("turns a manifest body cut off mid-way into RegistryTransferError naming the registry", async () => {
    const cut = () => new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(manifest.slice(0, 20))); c.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" })); } });
    const client = new RegistryClient({ registry: "reg.test", endpoint: "https://reg.test", retry: noSleep, fetch: async () => new Response(cut()) });
    const error = await client.getManifest("team/app", "1").catch((e) => e);
    expect(error).toBeInstanceOf(RegistryTransferError);
    expect(error.message).toBe("the transfer of manifest `team/app:1` from registry `reg.test` broke off (ECONNRESET: aborted)");
    expect(error.hint).toContain("Pull again");
  });
});
