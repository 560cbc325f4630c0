#!/usr/bin/env node
// `npm run test:hosts [-- --suite a,b] [--guests N] [--keep-logs DIR]`: isomer on a pure cgroup-v2
// host, a Debian trixie guest under qemu. Builds the guest once (test/hosts/build-guest.sh, cached
// under $ISOMER_HOME/hosts/ keyed on the recipe), prepares a second disk with the built project and an
// image store copied from the host's, boots the guest once per lane of suites (./suites.mjs
// planGuests; side by side, at most one guest per host core, `--guests` or ISOMER_HOSTS_GUESTS lowers
// it), each boot running its suites, reads the results back over each guest's own 9p share and second
// serial port, and powers off. Every guest opens the payload disk with snapshot=on, so they share it
// and none writes it. Nothing stays behind: qemu is killed by its pid on timeout or signal, the run
// directory is removed.
// Exit 0 when every chosen suite passed, 1 when one failed, 2 on a usage error.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, cpSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SUITES, chooseSuites, planGuests } from "./suites.mjs";
import { preparePackageCache, prepareStore } from "./store.mjs";
import { prebuildScenarioImages } from "./prebuild.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
const RECIPE = join(HERE, "build-guest.sh");
// what of the project the guest needs (built on the host: dist/, native/build, node_modules)
const PROJECT_ENTRIES = ["package.json", "tsconfig.json", "vitest.config.ts", "dist", "native", "node_modules", "scenarios", "src", "templates", "test", "verifiers"];

const argv = process.argv.slice(2);
const opt = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
let suites;
try { suites = chooseSuites(opt("--suite")); } catch (e) { console.error(`test:hosts: ${e.message}`); process.exit(2); }
const keepLogs = opt("--keep-logs");
const guestsWanted = Number(opt("--guests") ?? process.env.ISOMER_HOSTS_GUESTS ?? availableParallelism());
if (!Number.isInteger(guestsWanted) || guestsWanted < 1) { console.error("test:hosts: --guests takes a whole number ≥ 1"); process.exit(2); }
const guests = planGuests(suites, guestsWanted).map((g, _, all) => ({ ...g, name: all.length > 1 ? g.lanes.join("+") : "" }));
if (process.getuid() !== 0) { console.error("test:hosts: needs root (the 9p share's security_model=none, containers in the guest)"); process.exit(2); }

const home = process.env.ISOMER_HOME || join(process.env.HOME || "/root", ".local", "share", "isomer");
const hostsDir = join(home, "hosts");
const runDir = join(hostsDir, `run-${process.pid}`);
let child; // the one process we wait on while preparing (mmdebstrap's script, mkfs)
const qemus = new Set(); // the guests' qemu processes
const t = () => process.hrtime.bigint();
const secs = (a, b = t()) => (Number(b - a) / 1e9).toFixed(1);

// Runs argv, inheriting output (or collecting it); rejects on a non-zero exit.
function run(cmd, args, { quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    child = spawn(cmd, args, { stdio: ["ignore", quiet ? "pipe" : "inherit", "inherit"] });
    let out = "";
    child.stdout?.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code, sig) => { child = undefined; code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(" ")}: exit ${code ?? sig}`)); });
  });
}

function cleanup() {
  for (const p of [child, ...qemus]) if (p?.pid) { try { process.kill(p.pid, "SIGKILL"); } catch {} }
  rmSync(runDir, { recursive: true, force: true });
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => { console.error(`test:hosts: ${sig}, stopping`); cleanup(); cleanupBuild(); process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 })[sig]); });

// The guest image for the current recipe: cached, else built (and older recipes' images removed).
let buildTmp;
function cleanupBuild() { if (buildTmp) rmSync(buildTmp, { recursive: true, force: true }); }
async function guestImage() {
  const key = createHash("sha256").update(readFileSync(RECIPE)).digest("hex").slice(0, 16);
  const dir = join(hostsDir, `guest-${key}`);
  if (existsSync(join(dir, "root.ext4"))) { console.log(`== guest image: cached (${dir})`); return dir; }
  mkdirSync(hostsDir, { recursive: true });
  buildTmp = `${dir}.tmp-${process.pid}`;
  const t0 = t();
  console.log(`== guest image: building (recipe ${key}, mmdebstrap trixie; a few minutes)`);
  await run("bash", [RECIPE, buildTmp]);
  renameSync(buildTmp, dir);
  buildTmp = undefined;
  for (const old of readdirSync(hostsDir)) if (old.startsWith("guest-") && join(hostsDir, old) !== dir && !old.includes(".tmp-")) rmSync(join(hostsDir, old), { recursive: true, force: true });
  console.log(`== guest image built in ${secs(t0)} s`);
  return dir;
}

// Copies `src` to `dest` as hard links when the file system allows, else as copies.
function linkTree(src, dest) {
  return run("cp", ["-al", src, dest]).catch(() => run("cp", ["-a", src, dest]));
}

// The second disk: the project (as built here) and the guest's ISOMER_HOME with the suites' images.
async function payloadDisk() {
  const t0 = t();
  const stage = join(runDir, "payload");
  mkdirSync(join(stage, "project"), { recursive: true });
  for (const entry of PROJECT_ENTRIES) if (existsSync(join(ROOT, entry))) await linkTree(join(ROOT, entry), join(stage, "project", entry));
  const scenarios = suites.flatMap((s) => s.scenarios ?? []);
  if (scenarios.length) {
    const t1 = t();
    console.log(`== the suites' scenario images, built on the host (cached steps are hits)`);
    await prebuildScenarioImages(home, ROOT, scenarios, (m) => console.log(`   ${m}`));
    console.log(`   in ${secs(t1)} s`);
  }
  const images = [...new Set(suites.flatMap((s) => s.images))];
  await prepareStore(home, join(stage, "home"), images, linkTree);
  const packages = suites.some((s) => s.packageCache) && (await preparePackageCache(home, join(stage, "home"), linkTree));
  const used = Number((await run("du", ["-sm", stage], { quiet: true })).split("\t")[0]);
  const disk = join(runDir, "payload.ext4");
  // room for the containers' upper directories, apt downloads and the test images built inside
  await run("mkfs.ext4", ["-q", "-F", "-L", "isomer", "-d", stage, disk, `${Math.ceil(used * 1.3) + 3072}M`]);
  rmSync(stage, { recursive: true, force: true });
  console.log(`== payload disk: ${used} MiB (project + ${images.length ? images.join(", ") : "no images"}${packages ? " + the package cache" : ""}) in ${secs(t0)} s`);
  return disk;
}

// Where a guest's own 9p share is on the host (its /mnt/host: guest-run.sh, results.txt, logs/).
const shareOf = (g) => join(runDir, g.name ? `share-${g.name}` : "share");
const consoleOf = (g) => join(runDir, g.name ? `console-${g.name}.log` : "console.log");

// The script the guest's isomer-suites.service runs: each suite with its timeout, a marker line per
// suite on ttyS1 and in /mnt/host/results.txt, logs under /mnt/host/logs/.
function guestScript(g) {
  const suites = g.suites;
  const lines = [
    "#!/bin/bash", "set -u", "export HOME=/root ISOMER_HOME=/srv/isomer/home PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "cd /srv/isomer/project", "mkdir -p /mnt/host/logs",
    `mark() { echo "ISOMER-$*"; echo "$*" >> /mnt/host/results.txt; sync; }`,
    `mark "BOOTED uptime=$(cut -d' ' -f1 /proc/uptime) state=$(timeout 120 systemctl is-system-running --wait)"`,
  ];
  // where the guest's time goes: the busiest processes every 30 s (logs/ps.log, with --keep-logs)
  lines.push(`( while sleep 30; do echo "== uptime $(cut -d' ' -f1 /proc/uptime) s, load $(cut -d' ' -f1-3 /proc/loadavg), $(free -m | awk '/^Mem/{print $3" MiB used, "$7" MiB available"}')"; ps -eo etimes=,pcpu=,rss=,args= --sort=-pcpu | head -6 | cut -c1-220; done ) > /mnt/host/logs/ps.log 2>&1 & sampler=$!`);
  // the leftovers suite judges against what was there before the first suite
  if (suites.some((s) => s.name === "leftovers")) lines.push("bash test/leaks.sh --save /run/isomer-leaks-baseline > /mnt/host/logs/baseline.log 2>&1");
  for (const s of suites) {
    const env = Object.entries(s.env ?? {}).map(([k, v]) => `${k}=${v}`).join(" ");
    writeFileSync(join(shareOf(g), `suite-${s.name}.sh`), s.script + "\n");
    lines.push(`mark "BEGIN ${s.name}"; s0=$(date +%s.%N)`,
      `env ${env} timeout -k 10 ${s.timeoutMinutes * 60} bash /mnt/host/suite-${s.name}.sh > /mnt/host/logs/${s.name}.log 2>&1 < /dev/null; rc=$?`,
      `mark "SUITE ${s.name} rc=$rc seconds=$(awk -v a=$s0 -v b=$(date +%s.%N) 'BEGIN{printf "%.1f", b-a}')"`);
  }
  lines.push("kill $sampler", `mark "DONE"`);
  return lines.join("\n") + "\n";
}

function accel() {
  // /dev/kvm backed by kvm_pvm runs only PVM-patched kernels (a stock Debian kernel crawls): KVM only with VMX/SVM
  const real = existsSync("/dev/kvm") && !existsSync("/sys/module/kvm_pvm") && (existsSync("/sys/module/kvm_intel") || existsSync("/sys/module/kvm_amd"));
  // TCG with one thread for both vCPUs: with thread=multi the guest kernel died of an int3 Oops in
  // the middle of an instruction it was patching (static keys flip when a cgroup controller is
  // enabled), a cross-vCPU code-modification race; one thread serializes the vCPUs
  const chosen = real ? { accel: "kvm", cpu: "host" } : { accel: "tcg,thread=single,tb-size=512", cpu: "max" };
  // ISOMER_HOSTS_ACCEL and ISOMER_HOSTS_CPU (qemu's -accel and -cpu values) override, for measuring
  return { accel: process.env.ISOMER_HOSTS_ACCEL || chosen.accel, cpu: process.env.ISOMER_HOSTS_CPU || chosen.cpu };
}

// Boots guest `g`, echoes its result lines, returns them once its qemu has exited.
function boot(guest, disk, g) {
  const { accel: a, cpu } = accel();
  const suites = g.suites;
  const tag = g.name ? `${g.name} ` : "";
  const timeoutMs = (suites.reduce((n, s) => n + s.timeoutMinutes, 0) + 8) * 60_000;
  const append = "root=/dev/vda rw console=ttyS0 quiet panic=-1 mitigations=off nokaslr cryptomgr.notests systemd.unified_cgroup_hierarchy=1 isomer.suites=1" + (process.env.ISOMER_HOSTS_APPEND ? ` ${process.env.ISOMER_HOSTS_APPEND}` : "");
  const args = ["-nodefaults", "-accel", a, "-cpu", cpu, "-m", "3G", "-smp", "2",
    "-kernel", join(guest, "vmlinuz"), "-initrd", join(guest, "initrd.img"), "-append", append,
    "-drive", `file=${join(guest, "root.ext4")},format=raw,if=virtio,snapshot=on`,
    "-drive", `file=${disk},format=raw,if=virtio,snapshot=on`,
    "-virtfs", `local,path=${shareOf(g)},mount_tag=host,security_model=none,id=host`,
    "-nic", "user,model=virtio-net-pci", "-display", "none", "-no-reboot",
    "-serial", `file:${consoleOf(g)}`, "-serial", "stdio"];
  console.log(`== booting${g.name ? ` guest ${g.name}` : ""}: qemu ${a.split(",")[0]}, 3 GiB, 2 cpus; suites: ${suites.map((s) => s.name).join(", ")}`);
  const t0 = t();
  return new Promise((resolve) => {
    const qemu = spawn("qemu-system-x86_64", args, { stdio: ["ignore", "pipe", "inherit"] });
    qemus.add(qemu);
    const timer = setTimeout(() => { console.error(`test:hosts: guest ${tag}ran over ${timeoutMs / 60000} minutes; killing qemu (pid ${qemu.pid})`); qemu.kill("SIGKILL"); }, timeoutMs);
    let buf = "";
    const marks = [];
    qemu.stdout.on("data", (d) => {
      buf += d.toString();
      for (let i; (i = buf.indexOf("\n")) >= 0; buf = buf.slice(i + 1)) {
        const line = buf.slice(0, i).replace(/\r$/, "");
        const m = /^ISOMER-(.*)$/.exec(line);
        if (!m) continue;
        marks.push({ text: m[1], at: secs(t0) });
        console.log(`   [${tag}${secs(t0)} s] ${m[1]}  (host load ${loadavg()[0].toFixed(1)})`);
      }
    });
    qemu.on("exit", (code, sig) => { clearTimeout(timer); qemus.delete(qemu); resolve({ marks, wall: secs(t0), exit: code ?? sig }); });
  });
}

// What one guest's run showed: its suites' results (printed), and whether all passed.
function report(g, { marks, wall, exit }) {
  let ok = true;
  const booted = marks.find((m) => m.text.startsWith("BOOTED"));
  const results = new Map();
  for (const m of marks) { const r = /^SUITE (\S+) rc=(\d+) seconds=([\d.]+)/.exec(m.text); if (r) results.set(r[1], { rc: Number(r[2]), seconds: r[3] }); }
  console.log(`\n== pure cgroup-v2 guest${g.name ? ` ${g.name}` : ""}: qemu exit ${exit}, ${wall} s in qemu; booted (suites started) ${booted ? `${booted.at} s after launch, guest ${booted.text.slice(7)}` : "never"}`);
  for (const s of g.suites) {
    const r = results.get(s.name);
    const passed = r?.rc === 0;
    if (!passed) ok = false;
    console.log(`   ${passed ? "pass" : "FAIL"}  ${s.name.padEnd(10)} ${r ? `${r.seconds.padStart(7)} s` : "   (not run)"}  ${s.description}${r && !passed ? ` (exit ${r.rc}${r.rc === 124 ? ": timed out" : ""})` : ""}`);
  }
  for (const s of g.suites) {
    const log = join(shareOf(g), "logs", `${s.name}.log`);
    if (results.get(s.name)?.rc !== 0 && existsSync(log)) console.log(`\n--- ${s.name}: last lines of its log\n${readFileSync(log, "utf8").split("\n").slice(-60).join("\n")}`);
  }
  const consoleText = existsSync(consoleOf(g)) ? readFileSync(consoleOf(g), "utf8") : "";
  const panicked = consoleText.includes("Kernel panic");
  if (panicked) console.log(`\n== the guest kernel panicked (qemu exits on a panic): the suites after the last mark did not finish`);
  if ((!booted || panicked) && consoleText) console.log(`\n--- guest console (last lines)\n${consoleText.split("\n").slice(-40).join("\n")}`);
  if (keepLogs) {
    const dest = g.name ? join(keepLogs, g.name) : keepLogs;
    mkdirSync(dest, { recursive: true });
    cpSync(join(shareOf(g), "logs"), dest, { recursive: true });
    if (existsSync(consoleOf(g))) cpSync(consoleOf(g), join(dest, "console.log"));
  }
  return ok;
}

let failed = false;
try {
  const tAll = t();
  rmSync(runDir, { recursive: true, force: true });
  for (const g of guests) mkdirSync(shareOf(g), { recursive: true });
  const guest = await guestImage();
  const disk = await payloadDisk();
  for (const g of guests) writeFileSync(join(shareOf(g), "guest-run.sh"), guestScript(g));
  // TCG's speed is the host's spare CPU: what else runs here shows in the suites' times
  const busy = (await run("ps", ["-eo", "pcpu=,etimes=,args=", "--sort=-pcpu"], { quiet: true })).split("\n").slice(0, 5).map((l) => `     ${l.trim().slice(0, 160)}`).join("\n");
  console.log(`== host before booting: load ${loadavg().map((x) => x.toFixed(1)).join(" ")}, ${availableParallelism()} cores; busiest processes (%cpu, seconds, command):\n${busy}`);
  if (guests.length > 1) console.log(`== ${guests.length} guests side by side (one per lane of suites, at most one per host core; --guests 1 runs them all in one)`);
  const runs = await Promise.all(guests.map((g) => boot(guest, disk, g)));
  guests.forEach((g, i) => { if (!report(g, runs[i])) failed = true; });
  if (!opt("--suite")) for (const s of SUITES.filter((x) => !x.default)) console.log(`   skip  ${s.name.padEnd(10)}              not in the default set: ${s.why} (--suite ${s.name} runs it)`);
  console.log(`== test:hosts: ${failed ? "FAILED" : "passed"} in ${secs(tAll)} s`);
} catch (e) {
  failed = true;
  console.error(`test:hosts: ${e.message}`);
} finally {
  cleanup();
  cleanupBuild();
}
process.exit(failed ? 1 : 0);
