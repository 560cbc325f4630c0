// The leftover check CI runs (`bash test/leaks.sh --save F` before, `--since F` after: the
// command line the guest harness uses too) must see each kind of object isomer makes, named by
// src's own naming functions: here a host veth, a bridge, a network namespace and a tagged
// iptables rule are made by hand, found as new, and gone from the list once removed.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { execa } from "execa";
import { bridgeName, netnsName, ruleTag, vethHostName } from "../../../src/runtime/network/names.js";
import { packageRoot } from "../../../src/util/paths.js";
import { tmpdir } from "../../helpers/tmpdir.js";

const isRoot = process.getuid?.() === 0;
const leaks = (...args: string[]) => execa("bash", [join(packageRoot(), "test/leaks.sh"), ...args], { reject: false });

describe.skipIf(!isRoot)("the leftover check", () => {
  it("lists what appeared since the baseline, by isomer's own names, and nothing once it is gone", async () => {
    const baseline = join(tmpdir({}, "isomer-test-leftovers-"), "baseline");
    expect((await leaks("--save", baseline)).exitCode).toBe(0);
    const id = `isomer-test-leftovers-${process.pid}`;
    const veth = vethHostName(id);
    const bridge = bridgeName(id);
    const netns = netnsName(id);
    const rule = ["-t", "filter", "-A", "INPUT", "-m", "comment", "--comment", ruleTag(bridge), "-j", "RETURN"];
    const undo: string[][] = [];
    try {
      await execa("ip", ["netns", "add", netns]);
      undo.push(["ip", "netns", "del", netns]);
      await execa("ip", ["link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", netns]); // as attach.ts pairs them
      undo.push(["ip", "link", "del", veth]);
      await execa("ip", ["link", "add", bridge, "type", "bridge"]);
      undo.push(["ip", "link", "del", bridge]);
      await execa("iptables", rule);
      undo.push(["iptables", ...rule.map((a) => (a === "-A" ? "-D" : a))]);
      const found = await leaks("--since", baseline);
      expect(found.exitCode).toBe(1);
      for (const name of [`link ${veth}`, `link ${bridge}`, `netns ${netns}`, `iptables filter -A INPUT -m comment --comment "${ruleTag(bridge)}" -j RETURN`]) {
        expect(found.stdout).toContain(`leak: ${name}`);
      }
    } finally {
      for (const argv of undo.reverse()) await execa(argv[0]!, argv.slice(1), { reject: false });
    }
    const after = await leaks("--since", baseline);
    for (const name of [veth, bridge, netns]) expect(after.stdout).not.toContain(name);
    // other isomer processes on a shared machine may come and go meanwhile; alone, it is clean
    if (after.exitCode === 0) expect(after.stdout).toBe("no leftovers");
    else expect(after.stdout).toMatch(/^leak: .*(\nleak: .*)*$/);
  });
});
