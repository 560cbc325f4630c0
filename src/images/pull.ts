// Registry pull: reference -> (index -> platform) manifest -> config + layers into the store,
// each blob verified -> layers unpacked -> tag. Mirrors are tried first, then the registry.
import { isomerHome } from "../util/paths.js";
import { loadImageSettings, type ImageSettings } from "./config.js";
import { InterruptedError, IsomerError } from "../errors.js";
import { DigestMismatchError, RegistryResponseError, RegistryTransferError, RegistryUnreachableError } from "./errors.js";
import { isIndexType, isManifestType } from "./media-types.js";
import { formatReference, parseReference, referenceTarget } from "./reference.js";
import { RegistryClient } from "./registry/client.js";
import { endpointsFor, type Endpoint } from "./registry/endpoints.js";
import type { FetchFn } from "./registry/http.js";
import { defaultPlatform, formatPlatform, parsePlatform, selectManifest } from "./registry/platform.js";
import { TokenCache } from "./registry/token-cache.js";
import { ImageStore } from "./store/index.js";
import type { ImageConfigJson, ImageIndex, ImageManifest, LayerDescriptor, Platform } from "./types.js";
import { runLimited } from "../util/limited.js";

// What a pull reports as it goes (the CLI draws progress from these on a TTY).
export type PullEvent =
  | { type: "endpoint"; ref: string; url: string; mirror: boolean }
  | { type: "endpoint-failed"; url: string; error: Error }
  | { type: "manifest"; digest: string; platform: string }
  | { type: "blob"; digest: string; size: number; state: "cached" | "start" | "done" }
  | { type: "progress"; digest: string; bytes: number; size: number }
  | { type: "unpack"; diffId: string; state: "start" | "done" }
  | { type: "retry"; digest: string; attempt: number; error: Error }
  | { type: "tagged"; ref: string; digest: string };

// Options of a pull; everything has a default.
export interface PullOptions {
  platform?: Platform | string;
  insecureRegistries?: string[];
  settings?: ImageSettings;
  store?: ImageStore;
  fetch?: FetchFn;
  tokens?: TokenCache;
  onEvent?: (event: PullEvent) => void;
  unpack?: boolean; // default true
  concurrency?: number; // parallel blob downloads, default 3
  sleep?: (ms: number) => Promise<void>;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal; // Ctrl-C: stop fetching (partial blobs are discarded)
}

// What was pulled.
export interface PullResult {
  ref: string;
  digest: string;
  platform: string;
  endpoint: string;
  layers: number;
  bytesFetched: number;
}

// Pull `ref` into the store (trying mirrors, then the registry) and tag it.
export async function pullImage(ref: string, options: PullOptions = {}): Promise<PullResult> {
  const env = options.env ?? process.env;
  const parsed = parseReference(ref);
  const settings = options.settings ?? loadImageSettings(env);
  const endpoints = endpointsFor(parsed.domain, settings, options.insecureRegistries ?? [], env);
  const tokens = options.tokens ?? new TokenCache();
  const failures: Error[] = [];
  for (const endpoint of endpoints) {
    options.onEvent?.({ type: "endpoint", ref: formatReference(parsed), url: endpoint.url, mirror: endpoint.mirror });
    try {
      return await pullFrom(endpoint, ref, { ...options, env, tokens });
    } catch (e) {
      const fallThrough = endpoint.mirror && (e instanceof RegistryUnreachableError || (e instanceof RegistryResponseError && [401, 403, 404, 429].includes(e.status)) || e instanceof RegistryResponseError && e.status >= 500);
      if (!fallThrough) throw e;
      failures.push(e as Error);
      options.onEvent?.({ type: "endpoint-failed", url: endpoint.url, error: e as Error });
    }
  }
  throw failures[failures.length - 1] ?? new IsomerError("ISOMER_PULL", `no endpoint to pull \`${ref}\` from`);
}

async function pullFrom(endpoint: Endpoint, ref: string, options: PullOptions & { env: NodeJS.ProcessEnv; tokens: TokenCache }): Promise<PullResult> {
  const parsed = parseReference(ref);
  const store = options.store ?? new ImageStore({ home: isomerHome(options.env) });
  const client = new RegistryClient({ registry: endpoint.registry, endpoint: endpoint.url, credentials: endpoint.credentials, fetch: options.fetch, tokens: options.tokens, signal: options.signal, retry: options.sleep ? { sleep: options.sleep } : {} });
  const want = typeof options.platform === "string" ? parsePlatform(options.platform) : options.platform ?? defaultPlatform();
  const emit = options.onEvent ?? (() => undefined);

  let fetched = await client.getManifest(parsed.path, referenceTarget(parsed));
  let platform: Platform | undefined;
  if (isIndexType(fetched.mediaType) || (!isManifestType(fetched.mediaType) && (JSON.parse(fetched.bytes.toString()) as ImageIndex).manifests)) {
    const chosen = selectManifest(formatReference(parsed), (JSON.parse(fetched.bytes.toString()) as ImageIndex).manifests, want);
    platform = chosen.platform;
    fetched = await client.getManifest(parsed.path, chosen.digest);
  }
  const manifest = JSON.parse(fetched.bytes.toString()) as ImageManifest & { schemaVersion: number };
  if (!manifest.config || !Array.isArray(manifest.layers)) {
    throw new IsomerError("ISOMER_UNSUPPORTED_MANIFEST", `\`${ref}\` has a manifest isomer cannot use (media type \`${fetched.mediaType || "none"}\`, schema ${manifest.schemaVersion})`, { hint: "Docker schema 1 images are not supported: push the image again with a current tool" });
  }
  let bytesFetched = fetched.bytes.length;
  const fetchBlob = async (digest: string, size: number, mediaType: string) => {
    if (await store.hasBlob(digest)) return emit({ type: "blob", digest, size, state: "cached" });
    for (let attempt = 1; ; attempt++) {
      try {
        await store.putBlob(async () => {
          emit({ type: "blob", digest, size, state: "start" });
          const response = await client.getBlob(parsed.path, digest);
          return response.stream();
        }, { digest, size, mediaType, onBytes: (n) => { bytesFetched += n; emit({ type: "progress", digest, bytes: n, size }); } });
        return emit({ type: "blob", digest, size, state: "done" });
      } catch (e) {
        if (options.signal?.aborted) throw new InterruptedError();
        if (e instanceof DigestMismatchError || e instanceof RegistryResponseError || e instanceof RegistryUnreachableError || e instanceof InterruptedError) throw e;
        if (attempt >= 3) throw e instanceof IsomerError ? e : new RegistryTransferError(endpoint.registry, `blob \`${digest}\``, e);
        emit({ type: "retry", digest, attempt, error: e as Error });
        await (options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms))))(250 * attempt);
      }
    }
  };
  await fetchBlob(manifest.config.digest, manifest.config.size, manifest.config.mediaType);
  const config = await store.readJson<ImageConfigJson>(manifest.config.digest);
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== manifest.layers.length) {
    throw new IsomerError("ISOMER_BAD_IMAGE", `\`${ref}\`: the config lists ${diffIds.length} diff_ids for ${manifest.layers.length} layers`, { hint: "the image is malformed; rebuild and push it again" });
  }
  const layers: LayerDescriptor[] = manifest.layers.map((l, i) => ({ ...l, diffId: diffIds[i] }));
  emit({ type: "manifest", digest: fetched.digest, platform: formatPlatform(platform ?? (config as Partial<Platform>)) });
  const failures = await runLimited(layers, options.concurrency ?? 3, async (layer) => {
    await fetchBlob(layer.digest, layer.size, layer.mediaType);
    if (options.unpack === false) return;
    emit({ type: "unpack", diffId: layer.diffId, state: "start" });
    await store.ensureLayerUnpacked(layer);
    emit({ type: "unpack", diffId: layer.diffId, state: "done" });
  });
  if (failures.length) throw failures[0];
  await store.putManifest(fetched.bytes, fetched.mediaType, fetched.digest);
  const name = formatReference(parsed);
  await store.tag(name, fetched.digest, platform);
  emit({ type: "tagged", ref: name, digest: fetched.digest });
  return { ref: name, digest: fetched.digest, platform: formatPlatform(platform ?? (config as Partial<Platform>)), endpoint: endpoint.url, layers: layers.length, bytesFetched };
}
