// Children that must stop as a whole on abort (ansible-playbook and its workers, `sleep 120` in a
// task, ...): they run as leaders of their own process group (execa `detached: true`), and an
// abort sends SIGTERM to the whole group, then SIGKILL after a short grace, so no grandchild keeps
// the output pipe open and delays the cancel. Groups still alive when isomer exits get SIGKILL.

// How long a group has between SIGTERM and SIGKILL.
export const KILL_GRACE_MS = 3000;

const liveGroups = new Set<number>();
let exitHookInstalled = false;

function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
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

// Watch `signal` for the group led by `pid`; returns the function to call once the child has
// finished (stops watching). After an abort, stragglers of the group get SIGKILL then too.
export function killGroupOnAbort(pid: number | undefined, signal: AbortSignal | undefined, graceMs = KILL_GRACE_MS): () => void {
  if (pid === undefined) return () => {};
  installExitHook();
  liveGroups.add(pid);
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    signalGroup(pid, "SIGTERM");
    timer = setTimeout(() => signalGroup(pid, "SIGKILL"), graceMs);
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  return () => {
    signal?.removeEventListener("abort", onAbort);
    if (timer) {
      clearTimeout(timer);
      signalGroup(pid, "SIGKILL");
    }
    liveGroups.delete(pid);
  };
}
