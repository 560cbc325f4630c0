// A Debian container for verifier tests, started with A2's runtime client (src/runtime) on
// isomer-runtime when it is built, else on runc standing in (same OCI command line).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildSpec, createBundle, removeBundle, RuntimeClient } from "../../../src/runtime/index.js";
import { packageRoot } from "../../../src/util/paths.js";
import { debianImage } from "../../helpers/debian.js";

// The running container: ids and paths a test needs.
export interface TestContainer {
  id: string;
  binary: string;
  root: string;
  rootfs: string;
  hostname: string;
  stop(): Promise<void>;
}

// The runtime binary tests use: $ISOMER_RUNTIME, native/build/isomer-runtime, else runc.
export function testRuntimeBinary(): string {
  const native = join(packageRoot(), "native", "build", "isomer-runtime");
  return process.env.ISOMER_RUNTIME ?? (existsSync(native) ? native : "runc");
}

// Start `sleep infinity` as PID 1 in a fresh overlay of the cached Debian bookworm rootfs.
export async function startDebianContainer(name: string): Promise<TestContainer> {
  const image = await debianImage();
  const id = `isomer-test-verifiers-${name}-${process.pid}`;
  const base = `/tmp/isomer-test-verifiers-${process.pid}`;
  const root = join(base, "state");
  mkdirSync(root, { recursive: true });
  const hostname = `isomer-test-${name}`;
  const binary = testRuntimeBinary();
  const client = new RuntimeClient({ binary, root });
  const spec = buildSpec({ args: ["sleep", "infinity"], hostname, env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], network: { mode: "new" }, capAdd: ["NET_ADMIN"] });
  const bundle = await createBundle(id, { spec, layers: image.layers, etc: { hostname }, base });
  // Started here with stdio ignored and errors in --log: RuntimeClient.run({detach}) passes pipes
  // that the detached container (and shim) inherit, so it never returns (reported to A2).
  const log = join(base, `${name}.log`);
  const started = spawnSync(binary, ["--root", root, "--log", log, "run", "--detach", "--bundle", bundle.dir, id], { stdio: "ignore" });
  if (started.status !== 0) {
    await client.delete(id, { force: true }).catch(() => undefined);
    await removeBundle(id, base);
    throw new Error(`cannot start test container \`${id}\` with \`${binary}\` (exit ${started.status}): ${existsSync(log) ? readFileSync(log, "utf8").slice(-2000) : "no log"}`);
  }
  // runc brings lo up in a new network namespace; isomer-runtime does not yet (reported to A1),
  // and the socket checks listen on 127.0.0.1 (hence NET_ADMIN in the spec above).
  spawnSync(binary, ["--root", root, "exec", id, "ip", "link", "set", "lo", "up"], { stdio: "ignore" });
  return {
    id, binary, root, rootfs: bundle.rootfs, hostname,
    async stop() {
      await client.delete(id, { force: true }).catch(() => undefined);
      await removeBundle(id, base);
      rmSync(base, { recursive: true, force: true });
    },
  };
}
