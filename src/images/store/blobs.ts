// Content-addressed blobs under store/blobs/sha256/<hex>: written to `.tmp-*` while hashing,
// checked against the expected digest and size, then renamed. A blob under its final name has
// always been verified; a `.tmp-*` file is never trusted (prune removes those of dead processes).
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { DigestingStream, digestHex, sha256Digest } from "../digest.js";
import { DigestMismatchError } from "../errors.js";
import type { Descriptor } from "../types.js";
import { tmpName } from "./fs.js";
import { withLock } from "./lock.js";

// What putBlob accepts: bytes, a file path, a Node or web stream, or a function opening one
// lazily (called only when the blob is not in the store yet, so a second puller skips the fetch).
export type BlobData = Uint8Array | string | Readable | AsyncIterable<Uint8Array> | WebReadableStream<Uint8Array>;
export type BlobSource = BlobData | (() => Promise<BlobData>);

// What the caller knows of the blob beforehand; digest and size are verified when given.
export interface ExpectedBlob {
  digest?: string;
  size?: number;
  mediaType?: string;
  onBytes?: (n: number) => void; // called with each chunk's length as it is written
}

// The blobs/sha256 directory of one store.
export class BlobStore {
  readonly dir: string;
  constructor(storeDir: string) {
    this.dir = join(storeDir, "blobs", "sha256");
  }

  // Path of the blob `digest` (whether or not it exists).
  path(digest: string): string {
    return join(this.dir, digestHex(digest));
  }

  // Size of the stored blob, or undefined when it is not stored.
  async size(digest: string): Promise<number | undefined> {
    return stat(this.path(digest)).then((s) => s.size, () => undefined);
  }

  // The blob's bytes, re-hashed: a damaged blob on disk raises DigestMismatchError. For
  // manifests and configs (small); layers are read by path.
  async read(digest: string): Promise<Buffer> {
    const data = await readFile(this.path(digest));
    const actual = sha256Digest(data);
    if (actual !== digest) throw new DigestMismatchError(digest, actual, `stored blob ${this.path(digest)}`);
    return data;
  }

  // Store `source`, verify it against `expected`, and return its descriptor.
  async put(source: BlobSource, expected: ExpectedBlob = {}): Promise<Descriptor> {
    await mkdir(this.dir, { recursive: true });
    const mediaType = expected.mediaType ?? "application/octet-stream";
    if (!expected.digest) return { mediaType, ...(await this.write(source, expected)) };
    const digest = expected.digest;
    const hit = await this.existing(digest, expected.size);
    if (hit !== undefined) return { mediaType, digest, size: hit };
    return withLock(join(this.dir, `.lock-${digestHex(digest)}`), async () => {
      const again = await this.existing(digest, expected.size);
      if (again !== undefined) return { mediaType, digest, size: again };
      return { mediaType, ...(await this.write(source, expected)) };
    });
  }

  private async existing(digest: string, size?: number): Promise<number | undefined> {
    const have = await this.size(digest);
    return have !== undefined && (size === undefined || have === size) ? have : undefined;
  }

  private async write(source: BlobSource, expected: ExpectedBlob): Promise<{ digest: string; size: number }> {
    const data = typeof source === "function" ? await source() : source;
    const tmp = join(this.dir, tmpName());
    try {
      const hashing = new DigestingStream(expected.onBytes);
      await pipeline(toReadable(data), hashing, createWriteStream(tmp));
      const size = hashing.digester.size;
      const digest = hashing.digester.digest();
      if (expected.digest && digest !== expected.digest) throw new DigestMismatchError(expected.digest, digest);
      if (expected.size !== undefined && size !== expected.size) {
        throw new DigestMismatchError(`${expected.size} bytes`, `${size} bytes`, `blob ${expected.digest ?? digest} size`);
      }
      await rename(tmp, join(this.dir, digestHex(digest)));
      return { digest, size };
    } finally {
      await rm(tmp, { force: true });
    }
  }
}

function toReadable(data: BlobData): Readable {
  if (typeof data === "string") return createReadStream(data);
  if (data instanceof Uint8Array) return Readable.from([data]);
  if (data instanceof Readable) return data;
  if (typeof (data as WebReadableStream).getReader === "function") return Readable.fromWeb(data as WebReadableStream<Uint8Array>);
  return Readable.from(data as AsyncIterable<Uint8Array>);
}
