// sha256 digests: parse, compute, and stream-verify. Every blob isomer stores goes through here.
import { createHash, type Hash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { InvalidDigestError } from "./errors.js";

const SHA256_RE = /^sha256:[a-f0-9]{64}$/;

// True when `value` is a well-formed `sha256:<64 lowercase hex>` digest.
export function isDigest(value: string): boolean {
  return SHA256_RE.test(value);
}

// Checks `value` is a sha256 digest and returns it; throws InvalidDigestError otherwise.
export function parseDigest(value: string): string {
  if (!isDigest(value)) throw new InvalidDigestError(value);
  return value;
}

// The hex part of a sha256 digest (the file name under blobs/sha256/).
export function digestHex(digest: string): string {
  return parseDigest(digest).slice("sha256:".length);
}

// `sha256:<hex>` of a buffer or string.
export function sha256Digest(data: Uint8Array | string): string {
  return "sha256:" + createHash("sha256").update(data).digest("hex");
}

// Incremental sha256 + byte count for data seen once, as it streams by.
export class Digester {
  private readonly hash: Hash = createHash("sha256");
  size = 0;

  // Feed one chunk.
  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.size += chunk.length;
  }

  // The final `sha256:<hex>` (call once).
  digest(): string {
    return "sha256:" + this.hash.digest("hex");
  }
}

// A pass-through stream that feeds a Digester; read `.digester` after it ends.
export class DigestingStream extends Transform {
  readonly digester = new Digester();

  // `onBytes` sees the length of every chunk (progress reporting).
  constructor(private readonly onBytes?: (n: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.digester.update(chunk);
    this.onBytes?.(chunk.length);
    done(null, chunk);
  }
}
