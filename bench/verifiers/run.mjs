#!/usr/bin/env node
// Verifier benchmark: 100 checks (file, package, service, user, socket) against one Debian
// bookworm container, isomer's TypeScript verifier (Host over runtime exec) vs pytest-testinfra
// through the isomer Ansible connection, in one hyperfine run; prints medians and the ratio
// (target >= 10x). Needs root, hyperfine, Debian's python3-testinfra, `npm run build`, and a
// bookworm image (bench/lib/debian.mjs bootstraps it once).
// Usage: node bench/verifiers/run.mjs [--runs N] [--runtime PATH]
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { PORT, pythonChecks } from "./checks.mjs";
import { benchDebianLayers } from "../lib/debian.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const runs = opt("--runs", "3");
const dist = join(root, "dist", "src", "runtime", "index.js");
if (!existsSync(dist) || !existsSync(join(root, "dist", "verifiers", "api.js"))) throw new Error("run `npm run build` first (the benchmark uses dist/)");
const { buildSpec, createBundle, removeBundle } = await import(dist);
const runtime = opt("--runtime", process.env.ISOMER_RUNTIME || join(root, "native", "build", "isomer-runtime"));
if (!existsSync(runtime)) throw new Error(`no runtime at ${runtime}: build native/ or pass --runtime $(command -v runc)`);

const layers = await benchDebianLayers(root);

const id = `isomer-bench-verifiers-${process.pid}`;
const state = "/run/isomer-bench-verifiers";
const work = mkdtempSync(join(tmpdir(), "isomer-bench-verifiers-"));
const bundle = await createBundle(id, {
  spec: buildSpec({ args: ["sleep", "infinity"], hostname: "bench", cgroupsPath: `/${id}`, resources: { pids: 1024 }, capAdd: ["NET_ADMIN"] }),
  layers,
  etc: { hostname: "bench" },
});
const exec = (argv) => execFileSync(runtime, ["--root", state, "exec", id, ...argv], { stdio: "ignore" });
try {
  execFileSync(runtime, ["--root", state, "create", "--bundle", bundle.dir, id], { stdio: "ignore" });
  execFileSync(runtime, ["--root", state, "start", id]);
  // loopback up (runc does it itself) and a listener for the socket checks
  exec(["ip", "link", "set", "lo", "up"]);
  exec(["/bin/sh", "-c", `setsid python3 -m http.server --bind 127.0.0.1 ${PORT} >/dev/null 2>&1 </dev/null &`]);
  for (let i = 0; i < 100; i++) {
    try { exec(["/bin/sh", "-c", `grep -q ':$(printf %04X ${PORT}) .* 0A ' /proc/net/tcp`]); break; } catch { execFileSync("sleep", ["0.1"]); }
  }
  writeFileSync(join(work, "test_bench.py"), pythonChecks());
  writeFileSync(join(work, "inventory.yml"), `all:\n  hosts:\n    bench:\n      ansible_connection: isomer\n      isomer_runtime: ${runtime}\n      isomer_root: ${state}\n      isomer_container: ${id}\n      ansible_python_interpreter: /usr/bin/python3\n`);
  writeFileSync(join(work, "ansible.cfg"), `[defaults]\nconnection_plugins = ${join(root, "templates", "ansible", "connection_plugins")}\ninventory = ${join(work, "inventory.yml")}\nhost_key_checking = False\ninterpreter_python = auto_silent\n[connection]\npipelining = True\n`);
  const env = { ...process.env, ANSIBLE_CONFIG: join(work, "ansible.cfg"), PYTHONDONTWRITEBYTECODE: "1" };
  // one checked run first, so a failing check shows its message instead of hyperfine's exit code
  execFileSync("node", [join(here, "ts-run.mjs"), runtime, state, id], { stdio: "inherit" });
  const json = join(work, "hf.json");
  const pytest = `/usr/bin/python3 -m pytest -q -p no:cacheprovider --hosts=ansible://bench --ansible-inventory=${join(work, "inventory.yml")} ${join(work, "test_bench.py")}`;
  execFileSync("hyperfine", ["--style", "basic", "--runs", runs, "--export-json", json,
    "-n", "isomer", `node ${join(here, "ts-run.mjs")} ${runtime} ${state} ${id}`,
    "-n", "testinfra", pytest], { stdio: "inherit", env, cwd: work });
  const med = Object.fromEntries(JSON.parse(readFileSync(json, "utf8")).results.map((r) => [r.command, r.median * 1000]));
  console.log(`\nmedian for 100 checks: isomer ${med.isomer.toFixed(0)} ms, testinfra ${med.testinfra.toFixed(0)} ms, ratio ${(med.testinfra / med.isomer).toFixed(1)}x (target >= 10x)`);
  console.log(`per check: isomer ${(med.isomer / 100).toFixed(1)} ms, testinfra ${(med.testinfra / 100).toFixed(1)} ms (runtime ${runtime})`);
  writeFileSync(join(here, "last-run.json"), JSON.stringify({ date: new Date().toISOString(), runtime, runs: Number(runs), medianMs: med }, null, 2));
} finally {
  try { execFileSync(runtime, ["--root", state, "delete", "--force", id], { stdio: "ignore" }); } catch { /* gone */ }
  await removeBundle(id);
  rmSync(work, { recursive: true, force: true });
}
