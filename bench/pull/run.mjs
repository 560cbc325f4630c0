#!/usr/bin/env node
// Pull benchmark: a bookworm image (the test image debianImage() bootstraps into the store) pushed
// gzip-compressed to Debian's docker-registry on 127.0.0.1, then pulled in one hyperfine run by
//   skopeo copy docker://... oci:DIR    (anchor: fetch + verify, no unpack)
//   isomer pull --no-unpack             (fetch + verify into the store)
//   isomer pull                         (fetch + verify + unpack every layer)
//   node -e 0                           (Node's own startup: the floor of any isomer command)
// each into a fresh directory. Needs root, docker-registry, skopeo, hyperfine, and `npm run build`.
// Usage: node bench/pull/run.mjs [--runs N] [--ref STORE_REF]
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, homedir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const runs = opt("--runs", "5");
if (!existsSync(join(root, "dist", "src", "images", "pull.js"))) throw new Error("run `npm run build` first (the benchmark uses dist/)");
const home = process.env.ISOMER_HOME || join(homedir(), ".local", "share", "isomer");
const store = join(home, "store");

// The bookworm image of test/helpers/debian.ts (bootstrap it with `npx vitest run` of any e2e, or
// `isomer image bootstrap`): the first bookworm tag in the store unless --ref names one.
const index = JSON.parse(readFileSync(join(store, "index.json"), "utf8"));
const names = index.manifests.map((m) => m.annotations?.["org.opencontainers.image.ref.name"]).filter(Boolean);
const ref = opt("--ref", names.find((n) => /debian:bookworm/.test(n)));
if (!ref) throw new Error(`no bookworm image in ${store}: bootstrap one first (isomer image bootstrap debian:bookworm --suite bookworm)`);

const port = await new Promise((r) => { const s = createServer(); s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => r(p)); }); });
const work = mkdtempSync(join(tmpdir(), "isomer-bench-pull-"));
writeFileSync(join(work, "config.yml"), `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${work}/registry\nhttp:\n  addr: 127.0.0.1:${port}\n`);
const registry = spawn("docker-registry", ["serve", join(work, "config.yml")], { stdio: "ignore" });
try {
  const host = `127.0.0.1:${port}`;
  for (let i = 0; i < 200 && !(await fetch(`http://${host}/v2/`).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 25));
  console.log(`pushing ${ref} (gzip) to ${host}/bench/bookworm:1`);
  execFileSync("skopeo", ["copy", "--quiet", "--insecure-policy", "--dest-tls-verify=false", "--dest-compress", "--dest-compress-format", "gzip", `oci:${store}:${ref}`, `docker://${host}/bench/bookworm:1`], { stdio: "inherit" });
  const image = `${host}/bench/bookworm:1`;
  const out = join(work, "out");
  execFileSync("hyperfine", [
    "--warmup", "1", "--runs", runs, "--export-json", join(work, "result.json"),
    "--prepare", `rm -rf ${out}`,
    "-n", "skopeo copy to oci:DIR", `skopeo copy --quiet --insecure-policy --src-tls-verify=false docker://${image} oci:${out}:bench`,
    "-n", "isomer pull --no-unpack", `node ${root}/bench/pull/pull-once.mjs ${image} ${out} --no-unpack`,
    "-n", "isomer pull", `node ${root}/bench/pull/pull-once.mjs ${image} ${out}`,
    "-n", "node startup (floor, not a pull)", "node -e 0",
  ], { stdio: "inherit" });
  const results = JSON.parse(readFileSync(join(work, "result.json"), "utf8")).results;
  const anchor = results[0].median;
  console.log("\nmedians (ratio to skopeo):");
  for (const r of results) console.log(`  ${r.command.padEnd(26)} ${(r.median * 1000).toFixed(0).padStart(6)} ms  x${(r.median / anchor).toFixed(2)}`);
} finally {
  registry.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
}
