#!/usr/bin/env node
// The leftover check on the command line (test/leaks.sh and .ci/run call it), over the one
// inventory in test/helpers/leftovers.ts (loaded as TypeScript through ./ts-hooks.mjs):
//   leftovers-cli.mjs                 exit 1 listing every leftover when anything is there
//   leftovers-cli.mjs --save FILE     record what is there now (before the suite)
//   leftovers-cli.mjs --since FILE    exit 1 listing only what appeared after --save FILE
// The --save/--since pair lets CI judge the suite on a machine where a developer's manual runs
// may have left something; a clean machine needs neither.
import { readFileSync, writeFileSync } from "node:fs";
import { register } from "node:module";

register("./ts-hooks.mjs", import.meta.url);
const { leftovers, newSince } = await import("./leftovers.ts");

const [mode, file] = process.argv.slice(2);
const usage = "usage: leftovers-cli.mjs [--save FILE | --since FILE]";
if ((mode === "--save" || mode === "--since") !== Boolean(file) || (mode && mode !== "--save" && mode !== "--since")) {
  console.error(usage);
  process.exit(2);
}

const now = await leftovers();
if (mode === "--save") {
  writeFileSync(file, now.map((line) => line + "\n").join(""));
  console.log(`leak baseline: ${now.length} item(s) already on the host`);
} else {
  const baseline = mode === "--since" ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
  const found = newSince(baseline, now);
  for (const line of found) console.log(`leak: ${line}`);
  if (found.length === 0) console.log("no leftovers");
  process.exitCode = found.length === 0 ? 0 : 1;
}
