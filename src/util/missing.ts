// "Not there" told apart from every other failure: only ENOENT means a file (a cache entry, a tag
// index, a blob) does not exist; EACCES, EISDIR, a digest mismatch or a bug propagate.
import { readFile } from "node:fs/promises";

// True when `e` is the error of a file that does not exist.
export function isMissing(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}

// The text of `path`, or undefined when there is no such file.
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
}

// `promise`'s value, or undefined when it failed because a file does not exist.
export async function unlessMissing<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
}
