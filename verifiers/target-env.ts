// The env var through which the runner tells test files which instance(s) they verify: JSON of
// InstanceConnection[] (one instance, or a group's members). Kept apart from fixture.ts so that
// the runner does not load vitest's test API in the main process.
export const TARGET_ENV = "ISOMER_VERIFIER_TARGET";
