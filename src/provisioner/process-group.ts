// Children that must stop as a whole on abort (ansible-playbook and its workers, `sleep 120` in a
// task, ...): they run as leaders of their own process group (execa `detached: true`), and an
// abort sends SIGTERM to the whole group, then SIGKILL after a short grace, so no grandchild keeps
// the output pipe open and delays the cancel. Groups still alive when isomer exits get SIGKILL.

// How long a group has between SIGTERM and SIGKILL.
export const KILL_GRACE_MS = 3000;

const liveGroups = new Set<number>();
let exitHookInstalled = false;

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // a second Ctrl-C exits at once: leave no detached group behind
  process.on("exit", () => {
    for (const pgid of liveGroups) signalGroup(pgid, "SIGKILL");
  });
}

// Resolves once no process of group `pgid` is left (or after `limitMs`, polling every 20 ms).
async function groupGone(pgid: number, limitMs: number): Promise<void> {
  for (let waited = 0; waited < limitMs && signalGroup(pgid, 0); waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Watch `signal` for the group led by `pid`; returns the function to call once the child has
// finished (stops watching). After an abort, stragglers of the group get SIGKILL then too, and the
// returned promise waits until they are gone (a worker of ansible-playbook can outlive its leader).
export function killGroupOnAbort(pid: number | undefined, signal: AbortSignal | undefined, graceMs = KILL_GRACE_MS): () => Promise<void> {
  if (pid === undefined) return async () => {};
  installExitHook();
  liveGroups.add(pid);
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    signalGroup(pid, "SIGTERM");
    timer = setTimeout(() => signalGroup(pid, "SIGKILL"), graceMs);
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  return async () => {
    signal?.removeEventListener("abort", onAbort);
    if (timer) {
      clearTimeout(timer);
      signalGroup(pid, "SIGKILL");
      await groupGone(pid, graceMs);
    }
    liveGroups.delete(pid);
  };
}
