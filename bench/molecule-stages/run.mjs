#!/usr/bin/env node
// Molecule-stages benchmark (issue 11): `isomer test` of the sample role (bench/molecule-stages/
// sample: nginx-light from Debian's mirror with update_cache + cache_valid_time, a group, a user, a
// directory, two templates, a site symlink, a handler, nginx started; 11 ansible verify tasks),
// N runs per variant, per-stage medians next to Molecule 5.0.1's recorded best (docker 20.10,
// pipelining on, same kind of machine) and the ratio. Variants, alternating run by run so that load
// hits them alike:
//   warm         the defaults (pipelining, warm executor, package cache), with a cache the bench
//                filled before the first run (its own ISOMER_PACKAGE_CACHE_DIR)
//   cold         the same with an empty package cache each run
//   levers-off   ISOMER_EXECUTOR=0 ANSIBLE_PIPELINING=0 ISOMER_PACKAGE_CACHE=0: one exec and a new
//                interpreter per module, the real mirror
//   real-fsync   warm, with `driver.options.fsync: true` (a base config): the kernel's fsync in the
//                instance instead of the seccomp errno-0 answer (not in the default set)
// With --connection it then runs bench/connection (50 no-op tasks, isomer vs `local`, one hyperfine run).
// Needs root, `npm run build`, ansible-playbook, network to deb.debian.org, the bench image
// (bench/lib/debian.mjs bootstraps it once). Usage:
//   node bench/molecule-stages/run.mjs [--runs N] [--variants warm,real-fsync] [--connection] [--json FILE]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { BENCH_IMAGE, benchDebianLayers } from "../lib/debian.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const runs = Number(opt("--runs", "3"));
const cli = join(root, "dist", "src", "cli", "main.js");
if (!existsSync(cli)) throw new Error("run `npm run build` first (the benchmark runs dist/src/cli/main.js)");

// Molecule 5.0.1 + dockerd 20.10, pipelining on, best run (issue 11), seconds.
const MOLECULE = { create: 12.0, converge: 22.9, idempotence: 14.1, verify: 9.6, destroy: 9.1, total: 70.4 };
const STAGES = ["create", "converge", "idempotence", "verify", "destroy", "total"];
await benchDebianLayers(root); // the image the scenario names
const scratch = mkdtempSync(join(tmpdir(), "isomer-bench-stages-"));
const VARIANTS = {
  "warm": () => ({ ISOMER_PACKAGE_CACHE_DIR: join(scratch, "cache-warm") }),
  "cold": (i) => ({ ISOMER_PACKAGE_CACHE_DIR: join(scratch, `cache-cold-${i}`) }),
  "levers-off": () => ({ ISOMER_EXECUTOR: "0", ANSIBLE_PIPELINING: "0", ISOMER_PACKAGE_CACHE: "0" }),
  "real-fsync": () => ({ ISOMER_PACKAGE_CACHE_DIR: join(scratch, "cache-warm") }),
};
// CLI arguments of a variant before `test`
const realFsync = join(scratch, "real-fsync.yml");
writeFileSync(realFsync, "driver:\n  options:\n    fsync: true\n");
const ARGS = { "real-fsync": ["-c", realFsync] };
const chosen = opt("--variants", "warm,cold,levers-off").split(",");

// One `isomer test`: wall time and each action's seconds from the summary table (destroy summed).
function once(variant, i) {
  const env = {
    ...process.env, ...VARIANTS[variant](i), BENCH_IMAGE,
    ISOMER_CONTAINER_PREFIX: `isomer-bench-stages-${process.pid}`,
    MOLECULE_EPHEMERAL_DIRECTORY: join(scratch, `${variant}-${i}`),
  };
  const started = process.hrtime.bigint();
  const run = spawnSync("node", [cli, ...(ARGS[variant] ?? []), "test"], { cwd: join(here, "sample"), env, encoding: "utf8" });
  const total = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    throw new Error(`isomer test failed (${variant}, exit ${run.status})`);
  }
  const stages = { total };
  for (const m of run.stdout.matchAll(/^default\s+(\w+)\s+sample1\s+(\w+)\s+([\d.]+)$/gm)) stages[m[1]] = (stages[m[1]] ?? 0) + Number(m[3]);
  return stages;
}

const results = Object.fromEntries(chosen.map((v) => [v, []]));
try {
  if (chosen.includes("warm") || chosen.includes("real-fsync")) once(chosen.includes("warm") ? "warm" : "real-fsync", "fill"); // fills the warm cache; not counted
  for (let i = 0; i < runs; i++) {
    for (const variant of chosen) {
      const r = once(variant, i);
      results[variant].push(r);
      console.error(`run ${i + 1}/${runs} ${variant}: ${r.total.toFixed(1)} s`);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const range = (values) => `${Math.min(...values).toFixed(1)}-${Math.max(...values).toFixed(1)}`;
const summary = {};
console.log(`\nisomer test of bench/molecule-stages/sample, ${runs} run(s) per variant: median [range] seconds, ratio = Molecule / isomer`);
console.log(`${"stage".padEnd(12)} ${"Molecule".padStart(8)}  ${chosen.map((v) => `${v.padStart(18)} ${"ratio".padStart(6)}`).join("  ")}`);
for (const stage of STAGES) {
  const cells = chosen.map((v) => {
    const values = results[v].map((r) => r[stage] ?? 0);
    const med = median(values);
    (summary[v] ??= {})[stage] = { median: med, range: range(values) };
    return `${`${med.toFixed(1)} [${range(values)}]`.padStart(18)} ${`${(MOLECULE[stage] / med).toFixed(1)}x`.padStart(6)}`;
  });
  console.log(`${stage.padEnd(12)} ${MOLECULE[stage].toFixed(1).padStart(8)}  ${cells.join("  ")}`);
}
console.log("goal: total <= 23 s and >= 3x Molecule on every stage");
const json = opt("--json");
if (json) writeFileSync(json, JSON.stringify({ runs, molecule: MOLECULE, summary, results }, null, 2));

if (args.includes("--connection")) {
  console.log("\n50 no-op tasks, isomer connection vs local (bench/connection):");
  spawnSync(process.execPath, [join(root, "bench", "connection", "run.mjs"), "--runs", String(Math.max(runs, 3))], { stdio: "inherit" });
}
