#!/usr/bin/env node
// Fuzz at scale: the fuzz tests of `npm test` (test/unit/fuzz/config-inputs.test.ts: molecule.yml
// trees, Dockerfiles, references, ports, volumes, ulimits, security options; and
// test/integration/images/unpack-fuzz.test.ts: hostile layers into isomer-unpack) with many more cases.
// Usage: node bench/fuzz/run.mjs [--runs N] [--seed S]   (default 3000 cases per property).
// Prints the cases run and the time; a failure prints fast-check's seed and counterexample.
// Needs root for the unpack part.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const runs = opt("--runs", "3000");
const seed = opt("--seed", String(Date.now() % 2 ** 31));
const files = ["test/unit/fuzz/config-inputs.test.ts", "test/integration/images/unpack-fuzz.test.ts"];
console.log(`fuzz: ${runs} cases per property, seed ${seed} (replay with --seed ${seed})`);
const started = Date.now();
const r = spawnSync("npx", ["vitest", "run", ...files], {
  cwd: root, stdio: "inherit", env: { ...process.env, ISOMER_FUZZ_RUNS: runs, ISOMER_FUZZ_SEED: seed },
});
console.log(`fuzz: ${files.length} files, ${((Date.now() - started) / 1000).toFixed(1)} s, exit ${r.status}`);
process.exit(r.status ?? 1);
