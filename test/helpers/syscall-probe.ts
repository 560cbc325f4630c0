// The static syscall-probe (syscall-probe.c), compiled once per ISOMER_HOME with the host's gcc;
// tests bind its directory read-only into containers at /probe.
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { isomerHome } from "../../src/util/paths.js";
import { which } from "../../src/util/which.js";

const SOURCE = join(dirname(fileURLToPath(import.meta.url)), "syscall-probe.c");

// Why the probe cannot be had here (not built yet and no gcc to build it: the pure-v2 guest of
// test/hosts has no compiler), or undefined.
export function syscallProbeSkipReason(): string | undefined {
  if (existsSync(join(isomerHome(), "cache", "test-syscall-probe", "syscall-probe")) || which("gcc")) return undefined;
  return "needs gcc to build the static syscall probe";
}

// The directory holding `syscall-probe` (built if missing).
export async function syscallProbeDir(): Promise<string> {
  const dir = join(isomerHome(), "cache", "test-syscall-probe");
  const bin = join(dir, "syscall-probe");
  if (existsSync(bin)) return dir;
  mkdirSync(dir, { recursive: true });
  const tmp = `${bin}.tmp-${process.pid}`;
  await execa("gcc", ["-static", "-O2", "-o", tmp, SOURCE]);
  renameSync(tmp, bin);
  return dirname(bin);
}

// `name=RESULT` lines of the probe's output as a map.
export function probeResults(stdout: string): Record<string, string> {
  return Object.fromEntries(stdout.trim().split("\n").filter(Boolean).map((line) => line.split("=", 2) as [string, string]));
}
