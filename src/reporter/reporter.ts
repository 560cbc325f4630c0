// What the runner tells the user while a sequence runs: headings per action with instances and
// duration, notes, and a record of every action for the summary table and the JUnit report.
import type { VerifierCase } from "../../verifiers/runner/types.js";
import type { PlayRecap } from "../provisioner/recap.js";

// Outcome of one action.
export type StepStatus = "ok" | "failed" | "skipped";

// One finished action (a row of the summary table, a JUnit test case).
export interface StepRecord {
  scenario: string;
  action: string;
  instances: string[];
  status: StepStatus;
  seconds: number;
  message?: string;
  recap?: PlayRecap; // the action's playbooks' task results (PLAY RECAP), when it ran any
}

// The hooks the runner calls; a console reporter and test recorders implement it.
export interface Reporter {
  sequenceStart(scenario: string, sequence: string, actions: string[]): void;
  stepStart(scenario: string, action: string, instances: string[]): void;
  stepEnd(record: StepRecord): void;
  note(scenario: string, action: string, message: string): void;
  warn(scenario: string, action: string, message: string): void;
  sequenceEnd(scenario: string, sequence: string, ok: boolean): void;
  // verifier cases (feed JUnit), suite like `verify:<scenario>:<instance>`
  addCase(suite: string, testCase: VerifierCase): void;
  // everything recorded so far
  records(): StepRecord[];
  cases(): { suite: string; testCase: VerifierCase }[];
}
