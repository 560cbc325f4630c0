// Host modules against a real Debian bookworm container on the embedded runtime (isomer-runtime,
// or runc standing in when it is not built), values checked against the container's rootfs as the
// host sees it through the overlay mount.
import { afterAll, beforeAll, describe } from "vitest";
import { Host, RuntimeBackend } from "../../../verifiers/index.js";
import { startDebianContainer, type TestContainer } from "./container.js";
import { moduleSuite } from "./module-suite.js";

const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)("verifier modules in a Debian container (needs root)", () => {
  let c: TestContainer;
  beforeAll(async () => {
    c = await startDebianContainer("modules");
  });
  afterAll(async () => {
    await c?.stop();
  });
  moduleSuite({
    label: "container",
    host: () => new Host(new RuntimeBackend({ binary: c.binary, root: c.root, container: c.id }), { name: c.id }),
    fsRoot: () => c.rootfs,
    hostname: () => c.hostname,
    iptables: false,
  });
});
