// The Debian bookworm image the runtime, connection and verifier benchmarks run in: bootstrapped
// once through isomer's own bootstrap (dist/, so `npm run build` first) into the image store under
// $ISOMER_HOME and reused afterwards. python3 for Ansible; procps, iproute2, sudo for the checks.
import { existsSync } from "node:fs";
import { join } from "node:path";

export const BENCH_IMAGE = "localhost/isomer-bench/debian:bookworm";

// The image's read-only layer directories, lowest first (bootstrapping it when missing).
export async function benchDebianLayers(root) {
  const dist = join(root, "dist", "src", "images", "bootstrap", "index.js");
  if (!existsSync(dist)) throw new Error("run `npm run build` first (the benchmark uses dist/)");
  const { bootstrapImage } = await import(dist);
  const include = ["python3", "sudo", "procps", "iproute2"];
  const { image } = await bootstrapImage(BENCH_IMAGE, { suite: "bookworm", include, ifMissing: true });
  return image.layers;
}
