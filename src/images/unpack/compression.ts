// Which compression a layer blob uses: from its first bytes (reliable, also for docker-archive
// `layer.tar` files that are really gzip), with the media type only as a cross-check.
import { open } from "node:fs/promises";
import { IsomerError } from "../../errors.js";

// A layer's compression.
export type Compression = "none" | "gzip" | "zstd";

// Detect the compression of the blob at `path` from its magic bytes.
export async function detectCompression(path: string, mediaType = ""): Promise<Compression> {
  const fh = await open(path, "r");
  const head = Buffer.alloc(4);
  try {
    await fh.read(head, 0, 4, 0);
  } finally {
    await fh.close();
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head.readUInt32LE(0) === 0xfd2fb528) return "zstd";
  if (/\+(bzip2|xz)$|\.(bzip2|xz)$/.test(mediaType) || (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68)) {
    throw new IsomerError("ISOMER_LAYER_COMPRESSION", `layer \`${path}\` uses a compression isomer does not read (media type \`${mediaType}\`)`, {
      hint: "layers must be plain tar, gzip or zstd (what OCI and Docker images use)",
    });
  }
  return "none";
}
