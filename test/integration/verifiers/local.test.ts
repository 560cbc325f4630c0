// Host modules against the machine the tests run on (local backend), values checked against the
// host's own files. Needs root (shadow, /etc/init.d, sudo to nobody) and Debian's python3.
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { describe } from "vitest";
import { Host, LocalBackend } from "../../../verifiers/index.js";
import { moduleSuite } from "./module-suite.js";

const isRoot = process.getuid?.() === 0;
const debian = existsSync("/var/lib/dpkg/status") && existsSync("/usr/bin/python3");

describe.skipIf(!isRoot || !debian)("verifier modules on the local host (needs root on Debian)", () => {
  moduleSuite({
    label: "local",
    host: () => new Host(new LocalBackend(), { name: "local" }),
    fsRoot: () => "/",
    hostname: () => hostname(),
    blockDevice: existsSync("/sys/block/vda") ? "/dev/vda" : existsSync("/sys/block/sda") ? "/dev/sda" : undefined,
    iptables: existsSync("/usr/sbin/iptables"),
  });
});
