#!/usr/bin/env node
// Runtime benchmark: isomer-runtime vs crun vs runc on the same bundle (a Debian bookworm rootfs
// on overlayfs, cgroup limits on memory and pids, a new network namespace: what a test instance
// gets), timed with hyperfine in one run. Phases: create+start, exec /bin/true, kill+delete, and
// the full cycle (create, start, exec, kill, delete); `nsenter -a /bin/true` is the exec floor.
// crun runs its whole batch inside one private mount namespace without /sys/fs/cgroup/unified
// (it refuses hybrid cgroup hosts otherwise; see test/helpers/crun-hybrid.sh).
// Needs root, hyperfine, `npm run build`, and a bookworm image (bench/lib/debian.mjs bootstraps it once).
// Usage: node bench/runtime/run.mjs [--runs N] [--only isomer-runtime,runc,crun]
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { benchDebianLayers } from "../lib/debian.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const runs = opt("--runs", "20");
const dist = join(root, "dist", "src", "runtime", "index.js");
if (!existsSync(dist)) throw new Error("run `npm run build` first (the benchmark uses dist/)");
const { buildSpec, createBundle, removeBundle } = await import(dist);

const layers = await benchDebianLayers(root);

const which = (cmd) => { try { return execFileSync("sh", ["-c", `command -v ${cmd}`]).toString().trim(); } catch { return undefined; } };
const isomerBin = process.env.ISOMER_RUNTIME || join(root, "native", "build", "isomer-runtime");
const all = [
  { name: "isomer-runtime", bin: existsSync(isomerBin) ? isomerBin : undefined },
  { name: "crun", bin: which("crun") },
  { name: "runc", bin: which("runc") },
];
const only = opt("--only", undefined)?.split(",");
const runtimes = all.filter((r) => r.bin && (!only || only.includes(r.name)));
const hybrid = existsSync("/sys/fs/cgroup/unified/cgroup.controllers") && existsSync("/sys/fs/cgroup/memory");

const id = `isomer-bench-rt-${process.pid}`;
const bundle = await createBundle(id, {
  spec: buildSpec({ args: ["sleep", "infinity"], hostname: "bench", cgroupsPath: `/${id}`, resources: { memoryBytes: 512 * 1024 * 1024, pids: 1024 }, network: { mode: "new" } }),
  layers,
  etc: { hostname: "bench" },
});
const work = join(bundle.dir, "bench");
mkdirSync(work, { recursive: true });
const results = {};
try {
  for (const rt of runtimes) {
    const state = `/run/isomer-bench-rt/${rt.name}`;
    const R = `${rt.bin} --root ${state}`;
    const createStart = `${R} create --bundle ${bundle.dir} ${id} && ${R} start ${id}`;
    const killDelete = `${R} kill ${id} KILL; ${R} delete --force ${id}`;
    const gone = `${R} delete --force ${id} >/dev/null 2>&1 || true`;
    const q = (x) => `'${x.replace(/'/g, `'\\''`)}'`;
    const inNs = (cmd) => (rt.name === "crun" && hybrid ? `unshare --mount --propagation private sh -c ${q(`umount /sys/fs/cgroup/unified; ${cmd}`)}` : cmd);
    const sh = (cmd, stdio = "inherit") => execFileSync("sh", ["-c", inNs(cmd)], { stdio });
    // one hyperfine per phase: 1.15 has one --prepare for all commands of a call; exec and nsenter
    // run without a shell (-N), which hyperfine cannot subtract precisely below ~5 ms
    const bench = (entries, prepare, noShell = false) => {
      const json = join(work, `${rt.name}-${Object.keys(results[rt.name] ?? {}).length}.json`);
      const hf = ["hyperfine", "--style", "basic", "--runs", runs, "--warmup", "2", "--export-json", json, ...(noShell ? ["-N"] : []), ...(prepare ? ["--prepare", prepare] : [])];
      for (const [name, cmd] of entries) hf.push("-n", name, cmd);
      sh(hf.map(q).join(" "));
      results[rt.name] = { ...results[rt.name], ...Object.fromEntries(JSON.parse(readFileSync(json, "utf8")).results.map((r) => [r.command, r.median * 1000])) };
    };
    console.log(`\n== ${rt.name} (${rt.bin})`);
    bench([["create+start", createStart]], gone);
    sh(`${gone}; ${createStart}`);
    const pid = JSON.parse(execFileSync("sh", ["-c", inNs(`${R} state ${id}`)]).toString()).pid;
    bench([["exec /bin/true", `${R} exec ${id} /bin/true`], ["nsenter -a /bin/true", `nsenter -a -t ${pid} /bin/true`]], undefined, true);
    bench([["kill+delete", killDelete]], `${gone}; ${createStart}`);
    bench([["full cycle", `${createStart} && ${R} exec ${id} /bin/true && ${killDelete}`]], gone);
    sh(gone);
  }
} finally {
  for (const rt of runtimes) {
    const bin = rt.name === "crun" && hybrid ? join(root, "test", "helpers", "crun-hybrid.sh") : rt.bin;
    try { execFileSync(bin, ["--root", `/run/isomer-bench-rt/${rt.name}`, "delete", "--force", id], { stdio: "ignore" }); } catch { /* gone */ }
  }
  await removeBundle(id);
}

// Medians in ms, and each runtime's ratio to crun (the anchor) in the same run.
const phases = ["create+start", "exec /bin/true", "nsenter -a /bin/true", "kill+delete", "full cycle"];
const anchor = results.crun;
console.log(`\nmedian ms (ratio to crun)   ${runtimes.map((r) => r.name.padStart(22)).join("")}`);
for (const p of phases) {
  const cells = runtimes.map((r) => {
    const v = results[r.name]?.[p];
    return (v === undefined ? "-" : `${v.toFixed(1)}${anchor?.[p] ? ` (${(v / anchor[p]).toFixed(2)}x)` : ""}`).padStart(22);
  });
  console.log(`${p.padEnd(28)}${cells.join("")}`);
}
