// The play recaps of one action, gathered while it runs: every playbook the action runs (its own,
// or create.yml / destroy.yml through the driver) adds its recap, succeeded or failed, and the
// runner puts the sum in the action's record. Scoped per action with AsyncLocalStorage, so
// scenarios running side by side keep theirs apart.
import { AsyncLocalStorage } from "node:async_hooks";
import { addRecaps, type PlayRecap } from "../provisioner/recap.js";

// The running total of one action.
export interface RecapTally {
  recap?: PlayRecap;
}

const current = new AsyncLocalStorage<RecapTally>();

// Run `fn` with `tally` collecting the recaps of the playbooks it runs.
export function withRecapTally<T>(tally: RecapTally, fn: () => Promise<T>): Promise<T> {
  return current.run(tally, fn);
}

// Add a playbook run's recap to the running action's tally (nothing outside an action).
export function tallyRecap(recap: PlayRecap | undefined): void {
  const tally = current.getStore();
  if (tally) tally.recap = addRecaps(tally.recap, recap);
}
