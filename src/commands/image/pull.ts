// `isomer image pull REF [--platform os/arch] [--insecure-registry HOST:PORT]`.
import { pullImage, type PullResult } from "../../images/pull.js";
import { err, out, storeOf, type ImageCommandOptions } from "./options.js";
import { pullProgress } from "./progress.js";
import { shortDigest, shortRef } from "./format.js";

// Options of `image pull`.
export interface ImagePullOptions extends ImageCommandOptions {
  platform?: string;
  insecureRegistries?: string[];
  signal?: AbortSignal; // Ctrl-C from main.ts
}

// Pull `ref` into the store; prints what was pulled (JSON with --json).
export async function imagePull(ref: string, options: ImagePullOptions = {}): Promise<PullResult> {
  const progress = pullProgress(`pulling ${ref}`, err(options), options.isTTY ?? Boolean(process.stderr.isTTY));
  let result: PullResult;
  try {
    result = await pullImage(ref, {
      store: storeOf(options),
      env: options.env,
      platform: options.platform,
      insecureRegistries: options.insecureRegistries,
      onEvent: progress.onEvent,
      signal: options.signal,
    });
  } finally {
    progress.done();
  }
  out(options)(options.json ? JSON.stringify(result, null, 2) + "\n" : `pulled ${shortRef(result.ref)} (${result.platform}, ${shortDigest(result.digest)}, ${result.layers} layers) from ${result.endpoint}\n`);
  return result;
}
