#!/usr/bin/env node
// Network setup cost per container: isomer's attach (netns + veth + address + route in two
// `ip -batch` calls) vs the same steps as separate `ip` processes, then detach, on one bridge.
// Needs root and `npm run build`. Usage: node bench/e2e/network.mjs [--runs N]
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dist = join(root, "dist", "src", "runtime", "network", "index.js");
if (!existsSync(dist)) throw new Error("run `npm run build` first");
const args = process.argv.slice(2);
const runs = Number(args.includes("--runs") ? args[args.indexOf("--runs") + 1] : "30");
const scratch = mkdtempSync(join(tmpdir(), "isomer-bench-net-"));
process.env.ISOMER_NETWORK_STATE = join(scratch, "leases");
const net = await import(dist);

const bridge = await net.planBridge(`bench-${process.pid}`);
await net.createBridge(bridge);
const ip = (...a) => execFileSync("ip", a);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const batch = [];
const separate = [];
try {
  for (let i = 0; i < runs; i++) {
    const id = `isomer-bench-net-${process.pid}-${i}`;
    const rec = net.planAttachment(bridge, id);
    let t = process.hrtime.bigint();
    await net.attach(rec);
    batch.push(Number(process.hrtime.bigint() - t) / 1e6);
    await net.detach(rec);

    const rec2 = net.planAttachment(bridge, id);
    t = process.hrtime.bigint();
    ip("netns", "add", rec2.netns);
    ip("link", "add", rec2.vethHost, "type", "veth", "peer", "name", "eth0", "netns", rec2.netns);
    ip("link", "set", rec2.vethHost, "master", bridge.name);
    ip("link", "set", rec2.vethHost, "up");
    ip("-n", rec2.netns, "link", "set", "lo", "up");
    ip("-n", rec2.netns, "addr", "add", `${rec2.address}/${rec2.prefix}`, "dev", "eth0");
    ip("-n", rec2.netns, "link", "set", "eth0", "up");
    ip("-n", rec2.netns, "route", "add", "default", "via", rec2.gateway);
    separate.push(Number(process.hrtime.bigint() - t) / 1e6);
    await net.detach(rec2);
  }
} finally {
  await net.removeBridge(bridge);
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`network attach per container (${runs} runs, median)`);
console.log(`  ip -batch (isomer)   ${median(batch).toFixed(1)} ms`);
console.log(`  separate ip calls    ${median(separate).toFixed(1)} ms`);
console.log(`  ratio                ${(median(batch) / median(separate)).toFixed(2)}x`);
