// A rootless network's processes are found by their command lines and killed only when provably
// its own: real `sleep` processes (no privileges needed) stand for the holder and pasta, and
// stand-ins for reused PIDs or look-alike command lines survive.
import { afterEach, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findOurs, isOurs, processRef, readPidFile } from "../../../../src/runtime/network/rootless/process.js";
import { destroyRootlessNetwork } from "../../../../src/runtime/network/rootless/network.js";
import { processMatchers } from "../../../../src/runtime/network/rootless/batches.js";
import { planNetwork } from "../../../../src/runtime/network/rootless/plan.js";

const children: ChildProcess[] = [];

// A process that waits, with argv `argv0 args...`: a `sleep` renamed by bash's exec -a (as the
// holder is) when there are no args, else node with the args after its script (as pasta's options).
function sleeper(argv0: string, ...args: string[]): Promise<ChildProcess> {
  const child = args.length === 0
    ? spawn("bash", ["-c", 'exec -a "$0" sleep 600', argv0], { stdio: "ignore" })
    : spawn(process.execPath, ["-e", "setInterval(() => {}, 1e6)", argv0, ...args], { stdio: "ignore" });
  children.push(child);
  // ready once exec'd: argv[0] renamed, or node running with the args after its script
  const ready = (argv: string[]) => (args.length === 0 ? argv[0] === argv0 : [argv0, ...args].every((arg) => argv.includes(arg)));
  return new Promise((resolve) => {
    const check = () => (isOurs({ pid: child.pid! }, ready) ? resolve(child) : setTimeout(check, 5));
    check();
  });
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

describe("rootless network processes", () => {
  it("reads pid files and refuses partial ones", () => {
    const dir = mkdtempSync(join(tmpdir(), "isomer-unit-pid-"));
    try {
      writeFileSync(join(dir, "a"), "123\n");
      writeFileSync(join(dir, "b"), "");
      expect(readPidFile(join(dir, "a"))).toBe(123);
      expect(readPidFile(join(dir, "b"))).toBeUndefined();
      expect(readPidFile(join(dir, "missing"))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("trusts a recorded PID only with its start time and a matching command line", async () => {
    const child = await sleeper("isomer-net-holder /tmp/x");
    const ref = processRef(child.pid!)!;
    const holder = processMatchers("/tmp/x").holder;
    expect(isOurs(ref, holder)).toBe(true);
    expect(isOurs({ pid: ref.pid, startTime: String(Number(ref.startTime) - 1) }, holder)).toBe(false); // a reused PID
    expect(isOurs(ref, processMatchers("/tmp/y").holder)).toBe(false);
    expect(findOurs(holder)).toEqual([child.pid]);
  });

  it("destroys from the plan alone and leaves look-alikes running", async () => {
    const parent = mkdtempSync(join(tmpdir(), "isomer-unit-net-"));
    try {
      const { network } = planNetwork("k", join(parent, "isomer-net-k"), [], []);
      mkdirSync(network.dir);
      const holder = await sleeper(`isomer-net-holder ${network.dir}`);
      const pasta = await sleeper("pasta", "--pid", join(network.dir, "pasta.pid"), "1");
      const lookalike = await sleeper("cat", join(network.dir, "pasta.pid"));
      const other = await sleeper(`isomer-net-holder ${network.dir}2`);
      writeFileSync(join(network.dir, "holder.pid"), `${lookalike.pid}\n`); // a pid file is no proof
      await destroyRootlessNetwork(network);
      expect(findOurs(processMatchers(network.dir).holder)).toEqual([]);
      expect(isOurs({ pid: holder.pid! }, () => true)).toBe(false);
      expect(isOurs({ pid: pasta.pid! }, () => true)).toBe(false);
      expect(isOurs({ pid: lookalike.pid! }, () => true)).toBe(true);
      expect(isOurs({ pid: other.pid! }, () => true)).toBe(true);
      expect(existsSync(network.dir)).toBe(false);
      await destroyRootlessNetwork(network); // again, with everything gone
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
