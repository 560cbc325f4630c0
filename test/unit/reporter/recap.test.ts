// The end-of-run recap: PLAY RECAP rows of ansible-playbook's output summed per action (colour
// codes and all), and the table printed after the summary.
import { describe, expect, it } from "vitest";
import { parseRecap, addRecaps } from "../../../src/provisioner/recap.js";
import { recapTable } from "../../../src/reporter/summary.js";
import { ConsoleReporter } from "../../../src/reporter/console.js";

const OUTPUT = `PLAY [Converge] ****************************************************************

TASK [demo : install] **********************************************************
changed: [web1]
ok: [web2]

PLAY RECAP *********************************************************************
web1                       : ok=7    changed=2    unreachable=0    failed=0    skipped=1    rescued=0    ignored=0   
\x1b[0;31mweb2\x1b[0m                       : \x1b[0;32mok=5   \x1b[0m changed=0    \x1b[1;31munreachable=1   \x1b[0m failed=1    skipped=0    rescued=0    ignored=1   

`;

describe("play recap", () => {
  it("sums the hosts' rows, unreachable counted as failed, colour codes ignored", () => {
    expect(parseRecap(OUTPUT)).toEqual({ ok: 12, changed: 2, failed: 2, skipped: 1 });
  });

  it("is absent without a PLAY RECAP (a json stdout callback, a run that never started)", () => {
    expect(parseRecap('{"plays": []}\n')).toBeUndefined();
    expect(parseRecap("ERROR! the playbook could not be found\n")).toBeUndefined();
    expect(addRecaps(undefined, { ok: 1, changed: 0, failed: 0, skipped: 0 })).toEqual({ ok: 1, changed: 0, failed: 0, skipped: 0 });
  });

  it("is a table per scenario and action after the summary, only for actions that ran playbooks", () => {
    const out: string[] = [];
    const r = new ConsoleReporter({ write: (t) => void out.push(t), color: false });
    r.stepEnd({ scenario: "default", action: "create", instances: ["web1"], status: "ok", seconds: 1, recap: { ok: 3, changed: 2, failed: 0, skipped: 0 } });
    r.stepEnd({ scenario: "default", action: "prepare", instances: ["web1"], status: "skipped", seconds: 0 });
    r.stepEnd({ scenario: "default", action: "converge", instances: ["web1"], status: "failed", seconds: 2, recap: { ok: 4, changed: 1, failed: 1, skipped: 2 } });
    out.length = 0;
    r.printSummary();
    const text = out.join("");
    expect(text).toContain("\nRECAP (task results of each action's playbooks, all hosts)\n");
    expect(text.split("RECAP (task results of each action's playbooks, all hosts)\n")[1]!.trimEnd().split("\n")).toEqual([
      "SCENARIO  ACTION    OK  CHANGED  FAILED  SKIPPED",
      "default   create    3   2        0       0",
      "default   converge  4   1        1       2",
    ]);
    expect(recapTable([{ scenario: "d", action: "lint", instances: [], status: "ok", seconds: 0 }])).toBeUndefined();
  });
});
