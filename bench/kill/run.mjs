#!/usr/bin/env node
// The kill -9 campaign at scale: test/e2e/kill9.test.ts (isomer test of a one-instance systemd
// scenario SIGKILLed at every stage boundary and at random points inside each stage, destroy after
// each, leftovers checked, a full run every 10th kill; SIGKILL of isomer-runtime create and of the
// shim mid-create) with many more kill points.
// Usage: node bench/kill/run.mjs [--points N] [--seed S]   (default 100 points). As root, after
// `npm run build`. Prints the seed (replay with --seed) and the campaign's figures.
import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const points = opt("--points", "100");
const seed = opt("--seed", String(Date.now() % 2 ** 31));
console.log(`kill: ${points} kill points, seed ${seed} (replay with --seed ${seed})`);
const started = Date.now();
const r = spawnSync("npx", ["vitest", "run", "--project", "e2e", "test/e2e/kill9.test.ts"], {
  cwd: root, stdio: "inherit", env: { ...process.env, ISOMER_KILL_POINTS: points, ISOMER_KILL_SEED: seed },
});
console.log(`kill: ${((Date.now() - started) / 1000).toFixed(1)} s, exit ${r.status}`);
process.exit(r.status ?? 1);
