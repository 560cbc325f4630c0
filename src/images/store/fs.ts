// A unique temporary name for the store's writers (atomic writes: src/util/atomic-write.ts).
import { randomBytes } from "node:crypto";

// A temporary name next to `dir/` that no other writer uses: `.tmp-<pid>-<random><suffix>`.
export function tmpName(prefix = ".tmp-"): string {
  return `${prefix}${process.pid}-${randomBytes(6).toString("hex")}`;
}
