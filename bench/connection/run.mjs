#!/usr/bin/env node
// Connection benchmark: a playbook of 50 `command: /bin/true` tasks through isomer's connection
// plugin into a Debian bookworm container, with its warm executor (`isomer`) and with plain exec
// per module (`isomer-plain`, isomer_executor: false), vs Ansible's `local` connection on the host,
// in one hyperfine run; prints medians, the ratios to `local` (target <= 0.5x) and the per-task cost.
// Needs root, hyperfine, ansible-playbook, `npm run build`, and a bookworm image
// (bench/lib/debian.mjs bootstraps it once). Usage: node bench/connection/run.mjs [--runs N] [--runtime PATH]
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { benchDebianLayers } from "../lib/debian.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const runs = opt("--runs", "10");
const TASKS = 50;
const dist = join(root, "dist", "src", "runtime", "index.js");
if (!existsSync(dist)) throw new Error("run `npm run build` first (the benchmark uses dist/)");
const { buildSpec, createBundle, removeBundle } = await import(dist);
const runtime = opt("--runtime", process.env.ISOMER_RUNTIME || join(root, "native", "build", "isomer-runtime"));
if (!existsSync(runtime)) throw new Error(`no runtime at ${runtime}: build native/ or pass --runtime $(command -v runc)`);

const layers = await benchDebianLayers(root);

const id = `isomer-bench-conn-${process.pid}`;
const state = "/run/isomer-bench-conn";
const work = mkdtempSync(join(tmpdir(), "isomer-bench-conn-"));
const bundle = await createBundle(id, {
  spec: buildSpec({ args: ["sleep", "infinity"], hostname: "bench", cgroupsPath: `/${id}`, resources: { pids: 1024 } }),
  layers,
  etc: { hostname: "bench" },
});
try {
  execFileSync(runtime, ["--root", state, "create", "--bundle", bundle.dir, id], { stdio: "ignore" });
  execFileSync(runtime, ["--root", state, "start", id]);
  const tasks = Array.from({ length: TASKS }, (_, i) => `    - name: true ${i}\n      ansible.builtin.command: /bin/true\n      changed_when: false\n`).join("");
  writeFileSync(join(work, "bench.yml"), `- hosts: all\n  gather_facts: false\n  tasks:\n${tasks}`);
  const isomerHost = (name, extra) => `    ${name}:\n      ansible_connection: isomer\n      isomer_runtime: ${runtime}\n      isomer_root: ${state}\n      isomer_container: ${id}\n      ansible_python_interpreter: /usr/bin/python3\n${extra}`;
  writeFileSync(join(work, "inventory.yml"), `all:\n  hosts:\n${isomerHost("isomer", "")}${isomerHost("isomer-plain", "      isomer_executor: false\n")}    local:\n      ansible_connection: local\n      ansible_python_interpreter: /usr/bin/python3\n`);
  writeFileSync(join(work, "ansible.cfg"), `[defaults]\nconnection_plugins = ${join(root, "templates", "ansible", "connection_plugins")}\ninventory = ${join(work, "inventory.yml")}\nretry_files_enabled = False\n[connection]\npipelining = True\n`);
  const env = { ...process.env, ANSIBLE_CONFIG: join(work, "ansible.cfg"), PYTHONDONTWRITEBYTECODE: "1" };
  const json = join(work, "hf.json");
  execFileSync("hyperfine", [...(process.env.BENCH_DEBUG ? ["--show-output"] : ["--style", "basic"]), "--runs", runs, "--warmup", "1", "--export-json", json,
    "-n", "local", `ansible-playbook -l local ${join(work, "bench.yml")}`,
    "-n", "isomer", `ansible-playbook -l isomer ${join(work, "bench.yml")}`,
    "-n", "isomer-plain", `ansible-playbook -l isomer-plain ${join(work, "bench.yml")}`], { stdio: "inherit", env, cwd: work });
  const med = Object.fromEntries(JSON.parse(readFileSync(json, "utf8")).results.map((r) => [r.command, r.median * 1000]));
  for (const name of ["local", "isomer", "isomer-plain"]) {
    console.log(`${name.padEnd(13)} median ${med[name].toFixed(0).padStart(6)} ms, ${(med[name] / TASKS).toFixed(1).padStart(6)} ms/task, ${(med[name] / med.local).toFixed(2)}x local`);
  }
  console.log(`target: isomer <= 0.5x local (runtime ${runtime})`);
} finally {
  try { execFileSync(runtime, ["--root", state, "delete", "--force", id], { stdio: "ignore" }); } catch { /* gone */ }
  await removeBundle(id);
  rmSync(work, { recursive: true, force: true });
}
