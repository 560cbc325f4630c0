#!/usr/bin/env node
// The rootless scenario network's costs, measured as an ordinary user (made with useradd when
// missing, removed again if made here): create of the network (holder + bridge + NAT + pasta), the
// attach of one container (median of 8), and pasta's TCP latency and throughput against the same
// transfer on the host's loopback: a container to a host loopback server at the address pasta maps
// (outbound path, through the holder's NAT and pasta's tap), and the host to a container's
// published port (pasta's spliced path). Run as root after `npm run build`.
import { execFile, execFileSync, spawn } from "node:child_process";
import { promisify } from "node:util";
import { chownSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const CLI = join(here, "../../test/helpers/rootless-net-cli.mjs");
const USER = "isomer-net-bench";
const CONTAINERS = 8;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

if (process.getuid() !== 0) {
  console.error("bench/rootless-net: run as root (it makes the unprivileged user it measures with)");
  process.exit(2);
}
const passwd = () => readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith(`${USER}:`));
const created = !passwd();
if (created) execFileSync("useradd", ["-m", "-s", "/bin/sh", USER]);
const [, , uid, gid, , home] = passwd().split(":");
const asUser = (argv, input) =>
  execFileSync("setpriv", ["--reuid", uid, "--regid", gid, "--init-groups", "--", ...argv], {
    input, env: { HOME: home, USER, PATH: process.env.PATH }, encoding: "utf8", maxBuffer: 1 << 26,
  });
const cli = (verb, request) => JSON.parse(asUser(["node", CLI, verb], JSON.stringify(request)));

// A client inside container `pid` (or on the host without one): `count` keep-alive GETs of /, then
// one GET of /bulk; prints the median request time (ms) and the bulk rate (MiB/s).
const CLIENT = `
const http = require("node:http"); const [url, count] = process.argv.slice(1);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const get = (path) => new Promise((ok, ko) => http.get(url + path, { agent }, (r) => { let n = 0; r.on("data", (c) => (n += c.length)); r.on("end", () => ok(n)); }).on("error", ko));
(async () => { const t = []; for (let i = 0; i < Number(count); i++) { const s = process.hrtime.bigint(); await get("/"); t.push(Number(process.hrtime.bigint() - s) / 1e6); }
  t.sort((a, b) => a - b); const s = process.hrtime.bigint(); const bytes = await get("/bulk"); const sec = Number(process.hrtime.bigint() - s) / 1e9;
  console.log(JSON.stringify({ ms: t[t.length >> 1], mibs: bytes / 1048576 / sec })); agent.destroy(); })();`;
const BULK = 512 * 1048576;
const chunk = Buffer.alloc(1 << 20);
const handler = (request, response) => {
  if (request.url !== "/bulk") return response.end("ok\n");
  response.setHeader("content-length", BULK);
  let sent = 0;
  const pump = () => { while (sent < BULK && response.write(chunk)) sent += chunk.length; if (sent < BULK) response.once("drain", () => { sent += chunk.length; pump(); }); else response.end(); };
  pump();
};
const listen = (server, port = 0) => new Promise((ok) => server.listen(port, "127.0.0.1", () => ok(server.address().port)));

const scratch = mkdtempSync(join(tmpdir(), "isomer-bench-rootless-net-"));
chownSync(scratch, Number(uid), Number(gid));
let network;
const containers = [];
let inside;
const hostServer = createServer(handler);
try {
  const hostPort = await listen(hostServer);
  const probe = createServer();
  const published = await listen(probe); // a free port for the published one
  await new Promise((ok) => probe.close(ok));
  const instances = Array.from({ length: CONTAINERS }, (_, i) => ({ id: `bench-${i}`, ports: i === 0 ? [{ hostIp: "127.0.0.1", hostPort: published, containerPort: 8080, protocol: "tcp" }] : [] }));
  const plan = cli("plan", { key: `bench-${process.pid}`, parent: scratch, instances });
  const made = cli("create", { network: plan.network });
  network = made.network;
  const attach = [];
  for (const [i, attachment] of plan.attachments.entries()) {
    const { pid } = cli("container", { network, pidFile: join(scratch, `c${i}.pid`) });
    containers.push(pid);
    attach.push(cli("attach", { network, attachment, pid }).ms);
  }
  const enter = (pid) => ["nsenter", `--user=/proc/${network.holder.pid}/ns/user`, `--net=/proc/${pid}/ns/net`, "--preserve-credentials", "--"];
  // a server inside container 0 (node from the host's filesystem: the stand-in shares it)
  const serverCode = `const h=require("node:http");const c=Buffer.alloc(1<<20);const B=${BULK};h.createServer((q,r)=>{if(q.url!=="/bulk")return r.end("ok\\n");r.setHeader("content-length",B);let s=0;const p=()=>{while(s<B&&r.write(c))s+=c.length;if(s<B)r.once("drain",()=>{s+=c.length;p()});else r.end()};p()}).listen(8080,"0.0.0.0",()=>console.log("up"))`;
  inside = spawn("setpriv", ["--reuid", uid, "--regid", gid, "--init-groups", "--", ...enter(containers[0]), process.execPath, "-e", serverCode], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((ok) => inside.stdout.once("data", ok));
  // asynchronously: the host's server answers from this process's event loop
  const client = async (argv, user = false) => {
    const full = user ? ["setpriv", "--reuid", uid, "--regid", gid, "--init-groups", "--", ...argv] : argv;
    return JSON.parse((await promisify(execFile)(full[0], full.slice(1), { encoding: "utf8" })).stdout);
  };
  const N = "200";
  const hostDirect = await client([process.execPath, "-e", CLIENT, `http://127.0.0.1:${hostPort}`, N]);
  const outbound = await client([...enter(containers[1]), process.execPath, "-e", CLIENT, `http://${network.hostLoopback}:${hostPort}`, N], true);
  const bridge = await client([...enter(containers[1]), process.execPath, "-e", CLIENT, `http://${plan.attachments[0].address}:8080`, N], true);
  const publishedPath = await client([process.execPath, "-e", CLIENT, `http://127.0.0.1:${published}`, N]);
  console.log(`create (holder, bridge, NAT, pasta; one process): ${made.ms.toFixed(0)} ms`);
  console.log(`attach per container: median ${median(attach).toFixed(1)} ms (${attach.map((ms) => ms.toFixed(0)).join(", ")})`);
  console.log("| path | request (median of 200, keep-alive) | 512 MiB transfer |");
  console.log("|---|---|---|");
  for (const [name, r] of [["host loopback (anchor)", hostDirect], ["container -> host loopback via pasta", outbound], ["container -> container over the bridge", bridge], ["host 127.0.0.1 -> published port via pasta", publishedPath]])
    console.log(`| ${name} | ${r.ms.toFixed(3)} ms | ${r.mibs.toFixed(0)} MiB/s |`);
} finally {
  inside?.kill("SIGKILL");
  hostServer.close();
  if (network) cli("destroy", { network });
  for (const pid of containers) try { process.kill(pid, "SIGKILL"); } catch { /* gone */ }
  rmSync(scratch, { recursive: true, force: true });
  if (created) execFileSync("userdel", ["-r", USER], { stdio: "ignore" });
}
