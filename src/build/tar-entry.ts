// Encodes tar headers (ustar + PAX for long names, big numbers and SCHILY.xattr.*), the format
// image layers use. Used to write build-step layers and, in tests, hand-made layers.

// Kinds of tar members.
export type TarType = "file" | "dir" | "symlink" | "hardlink" | "char" | "block" | "fifo";

// One member to encode; `size` defaults to data's length.
export interface TarEntry {
  path: string;
  type: TarType;
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: number; // seconds since the epoch
  linkname?: string;
  devmajor?: number;
  devminor?: number;
  size?: number;
  data?: Buffer;
  xattrs?: Record<string, Buffer | string>;
}

const TYPEFLAG: Record<TarType, string> = { file: "0", hardlink: "1", symlink: "2", char: "3", block: "4", dir: "5", fifo: "6" };

// The two zero blocks that end an archive.
export const TAR_END = Buffer.alloc(1024);

function octal(buf: Buffer, offset: number, width: number, value: number): boolean {
  const s = value.toString(8);
  if (s.length > width - 1) return false;
  buf.write(s.padStart(width - 1, "0") + "\0", offset, width, "ascii");
  return true;
}

function paxRecord(key: string, value: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from("\n")]);
  let len = body.length + 1;
  while (String(len).length + body.length !== len) len = String(len).length + body.length;
  return Buffer.concat([Buffer.from(String(len)), body]);
}

function block(name: string, typeflag: string, e: TarEntry, size: number, linkname: string): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, "utf8");
  octal(h, 100, 8, (e.mode ?? (e.type === "dir" ? 0o755 : 0o644)) & 0o7777);
  octal(h, 108, 8, e.uid ?? 0);
  octal(h, 116, 8, e.gid ?? 0);
  octal(h, 124, 12, size);
  octal(h, 136, 12, Math.floor(e.mtime ?? 0));
  h.write(typeflag, 156, 1, "ascii");
  h.write(linkname, 157, 100, "utf8");
  h.write("ustar\0" + "00", 257, 8, "ascii");
  octal(h, 329, 8, e.devmajor ?? 0);
  octal(h, 337, 8, e.devminor ?? 0);
  h.fill(" ", 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8, "ascii");
  return h;
}

function pad(size: number): Buffer {
  return Buffer.alloc((512 - (size % 512)) % 512);
}

// Header (with a PAX header first when needed), data and padding of one member.
export function encodeTarEntry(e: TarEntry): Buffer {
  const data = e.type === "file" ? (e.data ?? Buffer.alloc(0)) : Buffer.alloc(0);
  const size = e.size ?? data.length;
  const linkname = e.linkname ?? "";
  const pax: Buffer[] = [];
  if (Buffer.byteLength(e.path) > 100) pax.push(paxRecord("path", Buffer.from(e.path)));
  if (Buffer.byteLength(linkname) > 100) pax.push(paxRecord("linkpath", Buffer.from(linkname)));
  for (const [key, value] of [["uid", e.uid ?? 0], ["gid", e.gid ?? 0], ["size", size]] as const) {
    if (value > 0o7777777 && !(key === "size" && value <= 0o77777777777)) pax.push(paxRecord(key, Buffer.from(String(value))));
  }
  if (e.mtime !== undefined && !Number.isInteger(e.mtime)) pax.push(paxRecord("mtime", Buffer.from(e.mtime.toFixed(9))));
  for (const [name, value] of Object.entries(e.xattrs ?? {})) pax.push(paxRecord(`SCHILY.xattr.${name}`, Buffer.isBuffer(value) ? value : Buffer.from(value)));
  const parts: Buffer[] = [];
  if (pax.length) {
    const body = Buffer.concat(pax);
    parts.push(block("PaxHeader", "x", { path: "", type: "file", mode: 0o644 }, body.length, ""), body, pad(body.length));
  }
  const shortName = Buffer.byteLength(e.path) > 100 ? e.path.slice(0, 99) : e.path;
  const clip = (n: number) => Math.min(n, 0o7777777);
  parts.push(block(shortName, TYPEFLAG[e.type], { ...e, uid: clip(e.uid ?? 0), gid: clip(e.gid ?? 0) }, e.type === "file" ? size : 0, Buffer.byteLength(linkname) > 100 ? "" : linkname));
  if (e.type === "file") parts.push(data, pad(data.length));
  return Buffer.concat(parts);
}

// A whole archive from members.
export function encodeTar(entries: TarEntry[]): Buffer {
  return Buffer.concat([...entries.map(encodeTarEntry), TAR_END]);
}
