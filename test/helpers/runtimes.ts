// The OCI runtimes the runtime tests and benchmarks run against: isomer-runtime (native/build),
// runc and crun (through crun-hybrid.sh on hybrid cgroup hosts). Each says why it is skipped.
import { existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { packageRoot } from "../../src/util/paths.js";
import { which } from "../../src/util/which.js";

// One runtime under test.
export interface RuntimeUnderTest {
  name: "isomer-runtime" | "runc" | "crun";
  binary: string; // what RuntimeClient runs
  skip?: string; // why it cannot run here
}

const here = dirname(fileURLToPath(import.meta.url));

// The crun wrapper for hybrid hosts (see crun-hybrid.sh).
export const CRUN_HYBRID = join(here, "crun-hybrid.sh");

// True when the host mounts cgroup2 at /sys/fs/cgroup/unified beside v1 hierarchies.
export function isHybridCgroupHost(): boolean {
  return existsSync("/sys/fs/cgroup/unified/cgroup.controllers") && existsSync("/sys/fs/cgroup/memory");
}

// Every runtime, available or not; set ISOMER_TEST_RUNTIMES=runc,crun to choose a subset.
export function runtimesUnderTest(): RuntimeUnderTest[] {
  const isomer = process.env.ISOMER_RUNTIME ?? join(packageRoot(), "native", "build", "isomer-runtime");
  const crun = which("crun");
  const runc = which("runc");
  const all: RuntimeUnderTest[] = [
    { name: "isomer-runtime", binary: isomer, skip: existsSync(isomer) ? undefined : `${isomer} is not built yet (make -C native)` },
    { name: "runc", binary: runc ?? "runc", skip: runc ? undefined : "runc is not installed (apt-get install runc)" },
    { name: "crun", binary: crun && isHybridCgroupHost() ? CRUN_HYBRID : (crun ?? "crun"), skip: crun ? undefined : "crun is not installed (apt-get install crun)" },
  ];
  const only = process.env.ISOMER_TEST_RUNTIMES?.split(",").map((s) => s.trim());
  return only ? all.map((r) => (only.includes(r.name) ? r : { ...r, skip: r.skip ?? `not in ISOMER_TEST_RUNTIMES=${process.env.ISOMER_TEST_RUNTIMES}` })) : all;
}
