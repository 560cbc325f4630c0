#!/usr/bin/env node
// Unpack benchmark: the bookworm test image's layer (bootstrapped into the store by
// test/helpers/debian.ts), uncompressed and gzip, onto this disk, in one hyperfine run:
//   tar -xp --xattrs --numeric-owner            (anchor: GNU tar, uncompressed)
//   isomer-unpack < layer.tar                    (the C unpacker alone)
//   unpackLayer(layer.tar)                       (Node + digest + C unpacker)
//   gzip -dc layer.tar.gz | tar -xp ...          (anchor for gzip layers)
//   unpackLayer(layer.tar.gz)                    (Node zlib + digest + C unpacker)
// and prints MiB/s and files/s for each. Needs root, hyperfine, and `npm run build`.
// Usage: node bench/unpack/run.mjs [--runs N] [--dir DIR_ON_THE_DISK_TO_MEASURE]
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const runs = opt("--runs", "3");
if (!existsSync(join(root, "dist", "src", "images", "unpack", "index.js"))) throw new Error("run `npm run build` first (the benchmark uses dist/)");
const unpacker = join(root, "native", "build", "isomer-unpack");
if (!existsSync(unpacker)) execFileSync("make", ["-s", "-C", join(root, "native", "unpack")], { stdio: "inherit" });
const home = process.env.ISOMER_HOME || join(homedir(), ".local", "share", "isomer");
const store = join(home, "store");

// The largest uncompressed layer blob of a bookworm image in the store.
const index = JSON.parse(readFileSync(join(store, "index.json"), "utf8"));
const entry = index.manifests.find((m) => /debian:bookworm/.test(m.annotations?.["org.opencontainers.image.ref.name"] ?? ""));
if (!entry) throw new Error(`no bookworm image in ${store}: run a test that calls debianImage(), or isomer image bootstrap`);
const blob = (d) => join(store, "blobs", "sha256", d.replace("sha256:", ""));
const manifest = JSON.parse(readFileSync(blob(entry.digest), "utf8"));
const layer = manifest.layers.sort((a, b) => b.size - a.size)[0];
const work = mkdtempSync(join(opt("--dir", home), "bench-unpack-"));
try {
  const tarFile = join(work, "layer.tar");
  execFileSync("sh", ["-c", `cp ${blob(layer.digest)} ${tarFile} && gzip -t ${tarFile} 2>/dev/null && mv ${tarFile} ${tarFile}.gz && gzip -dk ${tarFile}.gz || gzip -kf ${tarFile}`]);
  const bytes = statSync(tarFile).size;
  const out = join(work, "out");
  execFileSync(unpacker, [out], { input: readFileSync(tarFile) });
  const files = Number(execFileSync("sh", ["-c", `find ${out} | wc -l`]).toString().trim());
  const tarArgs = `--xattrs --xattrs-include='*' --numeric-owner -xpf`;
  console.log(`layer ${layer.digest.slice(0, 19)}: ${(bytes / 2 ** 20).toFixed(0)} MiB uncompressed, ${(statSync(tarFile + ".gz").size / 2 ** 20).toFixed(0)} MiB gzip, ${files} entries; unpacking onto ${work}`);
  execFileSync("hyperfine", [
    "--warmup", opt("--warmup", "0"), "--runs", runs, "--export-json", join(work, "result.json"),
    "--prepare", `rm -rf ${out} && mkdir ${out}`,
    "-n", "GNU tar -x (tar)", `tar ${tarArgs} ${tarFile} -C ${out}`,
    "-n", "isomer-unpack (tar)", `${unpacker} ${out} < ${tarFile}`,
    "-n", "unpackLayer (tar)", `node ${root}/bench/unpack/unpack-once.mjs ${tarFile} ${out}`,
    "-n", "gzip -dc | tar -x (gz)", `gzip -dc ${tarFile}.gz | tar ${tarArgs} - -C ${out}`,
    "-n", "unpackLayer (gz)", `node ${root}/bench/unpack/unpack-once.mjs ${tarFile}.gz ${out}`,
  ], { stdio: "inherit" });
  const results = JSON.parse(readFileSync(join(work, "result.json"), "utf8")).results;
  console.log("\nmedians (ratio to the GNU tar anchor of the same compression); cpu = mean user+system of all processes,");
  console.log("which stays meaningful when other work shares the cores:");
  for (const [i, r] of results.entries()) {
    const anchor = results[i < 3 ? 0 : 3].median;
    const mibs = bytes / 2 ** 20 / r.median;
    console.log(`  ${r.command.padEnd(24)} ${(r.median * 1000).toFixed(0).padStart(6)} ms  ${mibs.toFixed(0).padStart(5)} MiB/s  ${(files / r.median).toFixed(0).padStart(6)} files/s  x${(r.median / anchor).toFixed(2)}  cpu ${(r.user + r.system).toFixed(2)} s`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
