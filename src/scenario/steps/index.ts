// Step modules, looked up by action name in a static map (STYLE 8). Each exports
// `run(ctx): Promise<StepResult>`, throws StepFailedError on failure and updates state last.
import type { ActionName } from "../../config/types.js";
import type { StepContext, StepResult } from "../context.js";

// A step module.
export interface StepModule {
  run(ctx: StepContext): Promise<StepResult>;
}

// action -> module loader (lazy, so `isomer lint` does not load the driver code).
export const STEPS: Record<ActionName, () => Promise<StepModule>> = {
  dependency: () => import("./dependency.js"),
  cleanup: () => import("./cleanup.js"),
  destroy: () => import("./destroy.js"),
  syntax: () => import("./syntax.js"),
  create: () => import("./create.js"),
  prepare: () => import("./prepare.js"),
  converge: () => import("./converge.js"),
  idempotence: () => import("./idempotence.js"),
  side_effect: () => import("./side-effect.js"),
  verify: () => import("./verify.js"),
  check: () => import("./check.js"),
  lint: () => import("./lint.js"),
};
