// isomer/verifiers: testinfra-style host API for TypeScript verifier files, with vitest matchers
// and the `host` fixture. Re-exports only (verifiers/api.ts is the same API without vitest).
export * from "./api.js";
export { isomerMatchers, formatTrail, type IsomerMatchers } from "./matchers.js";
export { test, targetHost, targetHosts, TARGET_ENV } from "./fixture.js";
export { expect, describe, beforeAll, afterAll, beforeEach, afterEach } from "vitest";
export type { RunVerifierContext, VerifierResult, VerifierCase, InstanceConnection, JUnitSink } from "./runner/types.js";
