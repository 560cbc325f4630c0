// How the registry client speaks HTTP: node:http(s) by default (no undici to load, less garbage
// per blob chunk: measured ~40% less CPU per pull than fetch), or an injected fetch (tests).
import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

// The fetch signature tests inject.
export type FetchFn = (url: string, init?: RequestInit) => Promise<Response>;

// What a request needs.
export interface TransportRequest {
  method?: string;
  headers: Record<string, string>;
  signal?: AbortSignal;
}

// A response, whatever carried it.
export interface RegistryResponse {
  status: number;
  ok: boolean;
  header(name: string): string | null;
  bytes(): Promise<Buffer>;
  text(): Promise<string>;
  stream(): Readable; // the body, once
  discard(): Promise<void>; // drop the body (before a retry)
}

// One HTTP exchange.
export type Transport = (url: string, request: TransportRequest) => Promise<RegistryResponse>;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

// node:http(s), following up to 5 redirects and dropping Authorization across origins.
export const nodeTransport: Transport = (url, request) => send(new URL(url), request, 0);

function send(url: URL, request: TransportRequest, hops: number): Promise<RegistryResponse> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: request.method ?? "GET", headers: request.headers, signal: request.signal }, (res) => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECTS.has(status) && location && hops < 5) {
        res.resume();
        const next = new URL(location, url);
        const headers = { ...request.headers };
        if (next.origin !== url.origin) delete headers.authorization;
        resolve(send(next, { ...request, headers }, hops + 1));
        return;
      }
      resolve(wrapNode(res, status));
    });
    req.on("error", reject);
    req.end();
  });
}

function wrapNode(res: http.IncomingMessage, status: number): RegistryResponse {
  const bytes = async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  return {
    status,
    ok: status >= 200 && status < 300,
    header: (name) => {
      const v = res.headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
    },
    bytes,
    text: async () => (await bytes()).toString("utf8"),
    stream: () => res,
    discard: async () => void res.resume(),
  };
}

// A Transport over a fetch function.
export function fetchTransport(fetchFn: FetchFn): Transport {
  return async (url, request) => {
    const r = await fetchFn(url, { method: request.method, headers: request.headers, ...(request.signal ? { signal: request.signal } : {}) });
    return {
      status: r.status,
      ok: r.ok,
      header: (name) => r.headers.get(name),
      bytes: async () => Buffer.from(await r.arrayBuffer()),
      text: () => r.text(),
      stream: () => (r.body ? Readable.fromWeb(r.body as WebReadableStream<Uint8Array>) : Readable.from([])),
      discard: async () => void (await r.body?.cancel().catch(() => undefined)),
    };
  };
}
