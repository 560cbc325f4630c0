// Which URLs to try for a registry: its configured mirrors first, then the registry itself, each
// over https unless the user named it insecure (flag or config) or wrote `http://` in a mirror.
import type { ImageSettings } from "../config.js";
import { lookupCredentials, type Credentials } from "./credentials.js";

// One place to pull from.
export interface Endpoint {
  registry: string; // host[:port] the endpoint is, for messages and credentials
  url: string; // base URL without /v2
  mirror: boolean;
  credentials?: Credentials;
}

// The API host of a reference domain (docker.io's API lives at registry-1.docker.io).
export function apiHost(domain: string): string {
  return domain === "docker.io" ? "registry-1.docker.io" : domain;
}

// Endpoints for `domain`, in the order to try them.
export function endpointsFor(domain: string, settings: Pick<ImageSettings, "mirrors" | "insecureRegistries">, extraInsecure: string[] = [], env: NodeJS.ProcessEnv = process.env): Endpoint[] {
  const insecure = new Set([...settings.insecureRegistries, ...extraInsecure].map((h) => h.replace(/^https?:\/\//, "").replace(/\/+$/, "")));
  const toUrl = (hostOrUrl: string): { host: string; url: string } => {
    const explicit = /^(https?):\/\/([^/]+)(\/.*)?$/.exec(hostOrUrl);
    if (explicit) return { host: explicit[2], url: hostOrUrl.replace(/\/+$/, "") };
    const host = hostOrUrl.replace(/\/+$/, "");
    return { host, url: `${insecure.has(host) ? "http" : "https"}://${host}` };
  };
  const out: Endpoint[] = [];
  for (const m of settings.mirrors[domain] ?? []) {
    const { host, url } = toUrl(m);
    out.push({ registry: host, url, mirror: true, credentials: lookupCredentials(host, env) });
  }
  const upstream = toUrl(insecure.has(domain) ? domain : apiHost(domain));
  out.push({ registry: domain, url: upstream.url, mirror: false, credentials: lookupCredentials(domain, env) });
  return out;
}
