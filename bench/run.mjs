#!/usr/bin/env node
// `npm run bench`: every benchmark in bench/, one after another, each printing its medians and
// its ratios against the anchor it measured in the same run. Run as root after `npm run build`.
// `npm run bench -- runtime connection` runs only the named ones.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const all = ["runtime", "connection", "unpack", "pull", "verifiers", "e2e", "molecule-stages", "rootless-net", "fuzz", "kill", "soak"];
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : all;
let failed = 0;
for (const name of chosen) {
  if (!all.includes(name)) {
    console.error(`bench: unknown benchmark \`${name}\`; known: ${all.join(", ")}`);
    process.exit(2);
  }
  console.log(`\n=== bench/${name}`);
  const r = spawnSync(process.execPath, [join(here, name, "run.mjs")], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
