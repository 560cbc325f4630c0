#!/usr/bin/env node
// e2e benchmark: the complete `isomer test` of scenarios/webserver with the built CLI, in one run,
// split into the time spent inside ansible-playbook (measured by a PATH shim that timestamps every
// ansible-playbook process) and isomer's own time (everything else: Node start, config, create,
// destroy, image resolution, waiting). Target: isomer's own < 10% of the whole `test`.
// Needs root, `npm run build`, ansible-playbook, a Debian image (store or bootstrap).
// Usage: node bench/e2e/run.mjs [--runs N] [--runtime PATH] [--json FILE]
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const runs = Number(opt("--runs", "1"));
const cli = join(root, "dist", "src", "cli", "main.js");
if (!existsSync(cli)) throw new Error("run `npm run build` first (the benchmark runs dist/src/cli/main.js)");
const realAnsible = spawnSync("sh", ["-c", "command -v ansible-playbook"], { encoding: "utf8" }).stdout.trim();
if (!realAnsible) throw new Error("ansible-playbook is not on PATH");

const scratch = mkdtempSync(join(tmpdir(), "isomer-bench-e2e-"));
const log = join(scratch, "ansible-times.log");
const shimDir = join(scratch, "bin");
spawnSync("mkdir", ["-p", shimDir]);
// the shim: wall-clock start and end of every ansible-playbook run, in nanoseconds
writeFileSync(join(shimDir, "ansible-playbook"), `#!/bin/sh
start=$(date +%s%N)
"${realAnsible}" "$@"
rc=$?
echo "$start $(date +%s%N)" >> "${log}"
exit $rc
`);
chmodSync(join(shimDir, "ansible-playbook"), 0o755);

const results = [];
for (let i = 0; i < runs; i++) {
  rmSync(log, { force: true });
  const env = {
    ...process.env,
    PATH: `${shimDir}:${process.env.PATH}`,
    ISOMER_CONTAINER_PREFIX: `isomer-bench-e2e-${process.pid}`,
    MOLECULE_EPHEMERAL_DIRECTORY: join(scratch, `ephemeral-${i}`),
    ...(opt("--runtime") ? { ISOMER_RUNTIME: opt("--runtime") } : {}),
  };
  const started = process.hrtime.bigint();
  const run = spawnSync("node", [cli, "test"], { cwd: join(root, "scenarios", "webserver"), env, encoding: "utf8" });
  const total = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    throw new Error(`isomer test failed (exit ${run.status})`);
  }
  const spans = readFileSync(log, "utf8").trim().split("\n").map((line) => line.split(" ").map(Number));
  const ansible = spans.reduce((sum, [a, b]) => sum + (b - a) / 1e9, 0);
  const steps = Object.fromEntries([...run.stdout.matchAll(/^default\s+(\w+)\s+web1\s+(\w+)\s+([\d.]+)$/gm)].map((m) => [`${m[1]}`, Number(m[3])]));
  results.push({ total, ansible, own: total - ansible, ownShare: (total - ansible) / total, playbooks: spans.length, steps });
}
rmSync(scratch, { recursive: true, force: true });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const summary = {
  runs,
  totalSeconds: median(results.map((r) => r.total)),
  ansibleSeconds: median(results.map((r) => r.ansible)),
  isomerOwnSeconds: median(results.map((r) => r.own)),
  isomerOwnShare: median(results.map((r) => r.ownShare)),
  target: "isomer's own < 10% of the whole test",
  results,
};
console.log(`isomer test of scenarios/webserver (${runs} run${runs > 1 ? "s" : ""}, median)`);
console.log(`  whole test        ${summary.totalSeconds.toFixed(1)} s`);
console.log(`  in ansible-playbook ${summary.ansibleSeconds.toFixed(1)} s (${results[0].playbooks} playbook runs)`);
console.log(`  isomer's own      ${summary.isomerOwnSeconds.toFixed(1)} s = ${(summary.isomerOwnShare * 100).toFixed(1)}% (target < 10%)`);
console.log(`  steps (s)         ${Object.entries(results[0].steps).map(([k, v]) => `${k}=${v}`).join(" ")}`);
const json = opt("--json");
if (json) writeFileSync(json, JSON.stringify(summary, null, 2));
