// A Debian container for verifier tests, started with the runtime client (src/runtime) on
// isomer-runtime when it is built, else on runc standing in (same OCI command line).
import { existsSync, mkdirSync, rmSync } from "node:fs";
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
  const spec = buildSpec({ args: ["sleep", "infinity"], hostname, env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], network: { mode: "new" } });
  const bundle = await createBundle(id, { spec, layers: image.layers, etc: { hostname }, base });
  // detached: its output goes to the bundle's container.log, whose tail a failure carries; both
  // runtimes bring lo up in the new network namespace, where the socket checks listen
  try {
    await client.runDetached(id, bundle.dir);
  } catch (e) {
    await client.delete(id, { force: true }).catch(() => undefined);
    await removeBundle(id, base);
    throw e;
  }
  return {
    id, binary, root, rootfs: bundle.rootfs, hostname,
    async stop() {
      await client.delete(id, { force: true }).catch(() => undefined);
      await removeBundle(id, base);
      rmSync(base, { recursive: true, force: true });
    },
  };
}
