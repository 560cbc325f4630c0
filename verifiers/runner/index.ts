// runVerifier(name, ctx): the verify step's entry. `isomer` runs TypeScript files with vitest,
// `testinfra` runs pytest-testinfra; `ansible` (verify.yml) is a playbook the provisioner runs.
import { ConfigError } from "../../src/errors.js";
import { runTestinfraVerifier } from "./testinfra.js";
import type { RunVerifierContext, VerifierResult } from "./types.js";
import { runIsomerVerifier } from "./vitest.js";

export type * from "./types.js";
export { runIsomerVerifier, runTestinfraVerifier };
export { dictToArgs } from "./args.js";
export { parsePytestJUnit } from "./junit-xml.js";

const VERIFIERS: Record<string, (ctx: RunVerifierContext) => Promise<VerifierResult>> = {
  isomer: runIsomerVerifier,
  testinfra: runTestinfraVerifier,
};

// Names runVerifier accepts.
export const VERIFIER_NAMES = Object.keys(VERIFIERS);

// Run verifier `name` over the scenario's instances; never throws for failing tests (see `ok`).
export async function runVerifier(name: string, ctx: RunVerifierContext): Promise<VerifierResult> {
  const run = VERIFIERS[name];
  if (!run) {
    throw new ConfigError(
      name === "ansible"
        ? "The `ansible` verifier runs `verify.yml` with the provisioner, not through runVerifier"
        : `Expected \`verifier.name\` to be one of \`ansible\`, ${VERIFIER_NAMES.map((n) => `\`${n}\``).join(", ")}, got \`${name}\``,
      { hint: "set `verifier: {name: isomer}` for TypeScript tests or `testinfra` for Python ones" },
    );
  }
  return run(ctx);
}
