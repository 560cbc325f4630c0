// A vitest reporter that ends the run with one plain line, `tests: N passed, N failed, N skipped`,
// per project and in total, so CI logs say at a glance what ran (and that something ran at all).
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown> = []): void {
    const perProject = new Map<string, { passed: number; failed: number; skipped: number }>();
    const total = { passed: 0, failed: 0, skipped: 0 };
    for (const mod of testModules) {
      const name = mod.project.name || "default";
      const row = perProject.get(name) ?? { passed: 0, failed: 0, skipped: 0 };
      perProject.set(name, row);
      let failedHere = 0;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        const key = state === "passed" ? "passed" : state === "failed" ? "failed" : "skipped";
        if (key === "failed") failedHere++;
        row[key]++;
        total[key]++;
      }
      // a file that failed outside its tests (a hook, an import) counts as one failure
      if (mod.state() === "failed" && failedHere === 0) {
        row.failed++;
        total.failed++;
      }
    }
    for (const [name, r] of perProject) {
      console.log(`${name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
    }
    if (unhandledErrors.length) {
      console.log(`errors outside tests: ${unhandledErrors.length}`);
      total.failed += unhandledErrors.length;
    }
    console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  }
}
