// The package cache's HTTP side: a caching proxy for Debian-style mirrors on loopback. Instances'
// port-80 traffic reaches it by DNAT (origin-form requests, the mirror named by Host); a client
// configured with it as HTTP proxy sends absolute URLs, which work too. What it keeps, under
// `dir/<host>/<path>`:
// - files that never change at a path (`pool/**.deb` and the like, `by-hash/`): kept forever and
//   served from disk;
// - index files (`dists/**`: InRelease, Release, Packages*, ...): kept with the mirror's validators
//   and revalidated on every request with a conditional GET (If-None-Match / If-Modified-Since), so
//   apt sees what the mirror serves now: a 304 serves the kept copy, a 200 replaces it;
// everything else (other paths, methods, statuses) passes through untouched and is not kept.
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { createServer, request as httpRequest, Agent, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { writeFileAtomicSync } from "../util/atomic-write.js";

// How a path is kept.
export type CacheKind = "immutable" | "index" | "pass";

// Immutable: pool files and by-hash indexes; index: anything else under dists/.
export function cacheKind(path: string): CacheKind {
  if (/(^|\/)\.\.(\/|$)/.test(path) || path.includes("\0")) return "pass";
  if (/\/by-hash\/[A-Za-z0-9]+\/[0-9a-f]+$/.test(path)) return "immutable";
  if (/\/pool\/.+\.(u?deb|dsc|tar\.(gz|xz|bz2|zst)|diff\.gz)$/.test(path)) return "immutable";
  if (/\/dists\/[^?]+$/.test(path) && !path.endsWith("/")) return "index";
  return "pass";
}

interface Meta { etag?: string; lastModified?: string; contentType?: string }

// Where the proxy keeps its files and how it reaches mirrors (tests point `upstreamPort` elsewhere).
export interface ProxyOptions {
  dir: string;
  upstreamPort?: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

function target(req: IncomingMessage): { host: string; port?: number; path: string } | undefined {
  const url = req.url ?? "/";
  if (/^http:\/\//i.test(url)) {
    const u = new URL(url);
    return { host: u.hostname, port: u.port ? Number(u.port) : undefined, path: u.pathname + u.search };
  }
  const host = req.headers.host;
  if (!host) return undefined;
  const [name, port] = host.split(":");
  return { host: name!, port: port ? Number(port) : undefined, path: url };
}

function upstream(opts: ProxyOptions, t: { host: string; port?: number; path: string }, method: string, headers: Record<string, string | string[] | undefined>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: t.host, port: opts.upstreamPort ?? t.port ?? 80, path: t.path, method, headers: { ...headers, host: t.port ? `${t.host}:${t.port}` : t.host }, agent });
    req.on("response", resolve);
    req.on("error", reject);
    req.end();
  });
}

// Forwards the request as it is and the answer as it is.
async function passThrough(opts: ProxyOptions, t: { host: string; port?: number; path: string }, req: IncomingMessage, res: ServerResponse): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const { host: _host, "proxy-connection": _pc, ...headers } = req.headers;
    const up = httpRequest({ host: t.host, port: opts.upstreamPort ?? t.port ?? 80, path: t.path, method: req.method, headers: { ...headers, host: req.headers.host ?? t.host }, agent });
    up.on("response", (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on("end", resolve);
      answer.on("error", reject);
    });
    up.on("error", reject);
    req.pipe(up);
  });
}

function serveFile(res: ServerResponse, file: string, meta: Meta, head: boolean, clientSince?: string): void {
  const size = statSync(file).size;
  const notModified = clientSince && meta.lastModified && Date.parse(meta.lastModified) <= Date.parse(clientSince);
  const headers: Record<string, string | number> = {};
  if (meta.lastModified) headers["last-modified"] = meta.lastModified;
  if (meta.etag) headers.etag = meta.etag;
  if (notModified) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, "content-length": size, "content-type": meta.contentType ?? "application/octet-stream" });
  if (head) res.end();
  else createReadStream(file).pipe(res);
}

// Streams a 200 answer to the client and into `file` (renamed into place when complete).
function tee(answer: IncomingMessage, res: ServerResponse, file: string, meta: Meta, head: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    res.writeHead(200, answer.headers);
    if (head) {
      answer.resume();
      res.end();
      return resolve();
    }
    mkdirSync(dirname(file), { recursive: true });
    const part = `${file}.part-${process.pid}-${Math.random().toString(16).slice(2)}`;
    const out = createWriteStream(part);
    const expected = answer.headers["content-length"] ? Number(answer.headers["content-length"]) : undefined;
    let got = 0;
    answer.on("data", (chunk: Buffer) => {
      got += chunk.length;
      out.write(chunk);
      res.write(chunk);
    });
    answer.on("end", () => {
      res.end();
      out.end(() => {
        if (answer.complete && (expected === undefined || expected === got)) {
          renameSync(part, file);
          writeFileAtomicSync(`${file}.meta.json`, JSON.stringify(meta));
        } else rmSync(part, { force: true });
        resolve();
      });
    });
    answer.on("error", (e) => {
      out.destroy();
      rmSync(part, { force: true });
      reject(e);
    });
  });
}

function metaOf(answer: IncomingMessage): Meta {
  const h = answer.headers;
  return { etag: h.etag, lastModified: h["last-modified"], contentType: h["content-type"] };
}

function readMeta(file: string): Meta | undefined {
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(`${file}.meta.json`, "utf8")) as Meta) : undefined;
  } catch {
    return undefined;
  }
}

async function handle(opts: ProxyOptions, req: IncomingMessage, res: ServerResponse, self: number): Promise<void> {
  const t = target(req);
  if (!t || (t.port === self && /^(127\.|localhost$|\[?::1\]?$)/.test(t.host))) {
    res.writeHead(400).end(t ? "isomer package cache: a request for the cache itself\n" : "isomer package cache: no Host\n");
    return;
  }
  const kind = req.method === "GET" || req.method === "HEAD" ? cacheKind(t.path.split("?")[0]!) : "pass";
  if (kind === "pass" || t.path.includes("?")) return passThrough(opts, t, req, res);
  const head = req.method === "HEAD";
  const file = join(opts.dir, t.host.toLowerCase() + (t.port ? `_${t.port}` : ""), t.path);
  const kept = readMeta(file);
  const ua = req.headers["user-agent"];
  const since = typeof req.headers["if-modified-since"] === "string" ? req.headers["if-modified-since"] : undefined;
  if (kind === "immutable" && kept) return serveFile(res, file, kept, head, since);
  const conditional: Record<string, string> = {};
  if (kind === "index" && kept?.etag) conditional["if-none-match"] = kept.etag;
  if (kind === "index" && kept?.lastModified) conditional["if-modified-since"] = kept.lastModified;
  const answer = await upstream(opts, t, "GET", { ...(ua ? { "user-agent": ua } : {}), ...conditional });
  if (answer.statusCode === 304 && kept) {
    answer.resume();
    return serveFile(res, file, { ...kept, ...dropEmpty(metaOf(answer)) }, head, since);
  }
  if (answer.statusCode === 200) return tee(answer, res, file, metaOf(answer), head);
  // the mirror says something else now (404, 5xx): say it too, and keep nothing of that path
  if (kind === "index" && answer.statusCode === 404) rmSync(file, { force: true });
  res.writeHead(answer.statusCode ?? 502, answer.headers);
  answer.pipe(res);
}

const dropEmpty = (m: Meta): Meta => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)) as Meta;

// An HTTP server on `host`:`port` (0: any free port) running the cache; resolves once listening.
export async function startProxy(opts: ProxyOptions, host = "127.0.0.1", port = 0): Promise<{ server: Server; port: number }> {
  mkdirSync(opts.dir, { recursive: true });
  let self = -1;
  const server = createServer((req, res) => {
    handle(opts, req, res, self).catch((e: Error) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" }).end(`isomer package cache: ${e.message}\n`);
      else res.destroy(e);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  self = typeof address === "object" && address ? address.port : port;
  return { server, port: self };
}
