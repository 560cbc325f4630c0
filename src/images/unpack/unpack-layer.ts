// unpackLayer: stream a layer blob through decompression (Node's zlib, or `zstd -dc`) and a
// sha256 of the uncompressed tar (the diff_id) into native/build/isomer-unpack, which writes the
// entries exactly (owners, modes, devices, xattrs, whiteouts) where Node cannot (mknod, setxattr).
import { spawn, type ChildProcess } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { IsomerError, PrerequisiteError } from "../../errors.js";
import { DigestingStream } from "../digest.js";
import { DigestMismatchError } from "../errors.js";
import { unpackBinary } from "./binary.js";
import { callerIdMap, isRootless, SubIdError, type IdMap, unshareArgs } from "../../util/idmap.js";
import { runtimeBinary } from "../../util/paths.js";
import { detectCompression } from "./compression.js";

// What unpacking a layer produced.
export interface UnpackResult {
  diffId: string; // sha256 of the uncompressed tar
  size: number; // bytes of the uncompressed tar
  entries: number;
  files: number; // regular files written
  bytes: number; // bytes of regular-file content written
  skippedDevices: number; // device nodes left out (rootless: a user namespace may not make them)
}

// Options of unpackLayer.
export interface UnpackOptions {
  diffId?: string; // expected uncompressed digest: a mismatch throws DigestMismatchError
  lowerDirs?: string[]; // unpacked lower layers, lowest first: a hardlink to a file only they have
  // gets that file copied up into this layer first (as overlayfs does), instead of an error
  // rootless: unpack as root of a user namespace with this mapping (default for an ordinary user:
  // the caller's), so the layer's files belong to the mapped ids, with user.overlay.* metadata
  idmap?: IdMap;
}

// The mapping an ordinary user's layers are unpacked with; undefined for root.
function unpackIdMap(given?: IdMap): IdMap | undefined {
  if (given || !isRootless()) return given;
  try {
    return callerIdMap();
  } catch (error) {
    if (error instanceof SubIdError) throw new PrerequisiteError(error.message, { code: "ISOMER_ROOTLESS_SUBIDS", hint: "ask an administrator for a subordinate uid and gid range (`usermod --add-subuids ... --add-subgids ...`)" });
    throw error;
  }
}

// The unpacker's command line: isomer-unpack itself, or (rootless) run by `isomer-runtime unshare`.
// (`--pack` reads both kinds of overlay metadata and takes no `--userxattr`.)
export function unpackCommand(binary: string, args: string[], idmap: IdMap | undefined): [string, string[]] {
  if (!idmap) return [binary, args];
  return [runtimeBinary(), unshareArgs(idmap, [binary, ...(args[0] === "--pack" ? [] : ["--userxattr"]), ...args])];
}

// The error of a layer that could not be applied (names the offending entry when there is one).
export class LayerUnpackError extends IsomerError {
  constructor(blobPath: string, why: string, cause?: unknown) {
    super("ISOMER_LAYER_UNPACK", `cannot unpack layer \`${blobPath}\`: ${why}`, {
      cause,
      hint: "the layer is damaged or hostile; remove the image and fetch it again from a source you trust",
    });
  }
}

// Unpack the layer blob at `blobPath` (plain tar, gzip or zstd) into `destDir` (created if missing).
// The caller unpacks into a temporary directory and renames it when this resolves.
export async function unpackLayer(blobPath: string, mediaType: string, destDir: string, options: UnpackOptions = {}): Promise<UnpackResult> {
  const binary = unpackBinary();
  const compression = await detectCompression(blobPath, mediaType);
  await mkdir(destDir, { recursive: true });
  const lowers = [...(options.lowerDirs ?? [])].reverse().flatMap((d) => ["--lower", d]);
  const [file, args] = unpackCommand(binary, [...lowers, destDir], unpackIdMap(options.idmap));
  const child = spawn(file, args, { stdio: ["pipe", "pipe", "pipe"] });
  const exited = collect(child);
  const digesting = new DigestingStream();
  let source: Readable = createReadStream(blobPath, { highWaterMark: 1 << 20 });
  const stages: Promise<unknown>[] = [];
  if (compression === "gzip") {
    stages.push(pipeline(source, createGunzip({ chunkSize: 1 << 20 }), digesting, child.stdin!));
  } else if (compression === "zstd") {
    const zstd = spawn("zstd", ["-dc"], { stdio: ["pipe", "pipe", "pipe"] });
    const zstdDone = collect(zstd, "zstd");
    stages.push(pipeline(source, zstd.stdin!), pipeline(zstd.stdout!, digesting, child.stdin!), zstdDone);
  } else {
    stages.push(pipeline(source, digesting, child.stdin!));
  }
  const [streams, result] = await Promise.allSettled([Promise.all(stages), exited]);
  if (result.status === "rejected") throw new LayerUnpackError(blobPath, errorText(result.reason), result.reason);
  if (streams.status === "rejected") throw new LayerUnpackError(blobPath, errorText(streams.reason), streams.reason);
  const diffId = digesting.digester.digest();
  if (options.diffId && options.diffId !== diffId) throw new DigestMismatchError(options.diffId, diffId, "uncompressed layer");
  const stats = JSON.parse(result.value) as { entries: number; files: number; bytes: number; skippedDevices?: number };
  return { diffId, size: digesting.digester.size, ...stats, skippedDevices: stats.skippedDevices ?? 0 };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// Wait for a child; resolve with its stdout, reject with its stderr's last line.
function collect(child: ChildProcess, name = "isomer-unpack"): Promise<string> {
  let out = "";
  let err = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (err += d));
  child.stdin?.on("error", () => undefined); // EPIPE when the child stopped early: its stderr says why
  return new Promise((resolve, reject) => {
    child.on("error", (e: NodeJS.ErrnoException) =>
      reject(e.code === "ENOENT" ? new PrerequisiteError(`\`${name}\` is not installed`, { hint: name === "zstd" ? "apt-get install zstd" : "build it with `make -C native`" }) : e),
    );
    child.on("close", (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new Error(err.trim().split("\n").pop()?.replace(/^isomer-unpack: /, "") || `${name} exited with ${code ?? signal}`));
    });
  });
}
