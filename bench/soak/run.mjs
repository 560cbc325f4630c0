#!/usr/bin/env node
// The soak at scale: test/integration/runtime/soak.test.ts (create -> start -> exec -> delete cycles of a systemd
// instance and of a plain one on isomer-runtime; leftovers, the shim's fds and RSS, a long-lived
// witness shim's fds and RSS and the client's fds sampled) with 1,000 cycles of each by default,
// printed every 100 cycles.
// Usage: node bench/soak/run.mjs [--cycles N] [--every M]. As root, after `npm run build`.
import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const cycles = opt("--cycles", "1000");
const every = opt("--every", "100");
console.log(`soak: ${cycles} cycles per kind, sampled every ${every}`);
const started = Date.now();
const r = spawnSync("npx", ["vitest", "run", "--project", "integration", "test/integration/runtime/soak.test.ts"], {
  cwd: root, stdio: "inherit", env: { ...process.env, ISOMER_SOAK_CYCLES: cycles, ISOMER_SOAK_EVERY: every },
});
console.log(`soak: ${((Date.now() - started) / 1000).toFixed(1)} s, exit ${r.status}`);
process.exit(r.status ?? 1);
