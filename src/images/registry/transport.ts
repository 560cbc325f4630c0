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

// How long a connection may carry nothing (connecting, waiting for headers, or mid-body) before
// the exchange fails with ISOMER_IDLE_TIMEOUT and is retried like a cut connection. Without it a
// response with no framing left (a garbled Content-Length on a kept-alive connection) or a registry
// that stops sending hangs the pull forever.
export const IDLE_TIMEOUT_MS = 30_000;

// The error of an exchange that went idle.
export class IdleTimeoutError extends Error {
  readonly code = "ISOMER_IDLE_TIMEOUT";
  constructor(ms: number) {
    super(`nothing received for ${ms / 1000} s`);
  }
}

// node:http(s), following up to 5 redirects and dropping Authorization across origins; an exchange
// idle for `idleMs` fails with IdleTimeoutError.
export function nodeTransport(idleMs = IDLE_TIMEOUT_MS): Transport {
  return (url, request) => send(new URL(url), request, 0, idleMs);
}

function send(url: URL, request: TransportRequest, hops: number, idleMs: number): Promise<RegistryResponse> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    let response: http.IncomingMessage | undefined;
    const req = client.request(url, { method: request.method ?? "GET", headers: request.headers, signal: request.signal }, (res) => {
      response = res;
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECTS.has(status) && location && hops < 5) {
        res.resume();
        const next = new URL(location, url);
        const headers = { ...request.headers };
        if (next.origin !== url.origin) delete headers.authorization;
        resolve(send(next, { ...request, headers }, hops + 1, idleMs));
        return;
      }
      resolve(wrapNode(res, status));
    });
    // the socket's idle timer runs through the body as well; the response is destroyed with the
    // error so that its reader sees it
    req.setTimeout(idleMs, () => {
      const error = new IdleTimeoutError(idleMs);
      response?.destroy(error); // a body read until the connection closes would otherwise just end
      req.destroy(error);
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
