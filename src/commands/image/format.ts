// How image commands show sizes, digests, dates and tables.
import { formatTable } from "../../reporter/summary.js";
import { familiarReference, parseReference } from "../../images/reference.js";

// 1536 -> `1.5 KiB`.
export function humanSize(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${n.toFixed(n < 10 ? 1 : 0)} ${units[i]}`;
}

// The first 12 hex digits of a digest, as docker shows image ids.
export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, "").slice(0, 12);
}

// The short form of a stored reference (`debian:bookworm`), or the input when it does not parse.
export function shortRef(ref: string): string {
  try {
    return familiarReference(parseReference(ref));
  } catch {
    return ref;
  }
}

// A table with a header row (columns padded, two spaces apart).
export function table(header: string[], rows: string[][]): string {
  return formatTable([header, ...rows]) + "\n";
}
