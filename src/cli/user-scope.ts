// Rootless on a pure cgroup-v2 host whose cgroup the user does not own (an ssh login's
// session-N.scope, a CI job's service), with the user's systemd manager running: isomer runs itself
// again under `systemd-run --user --scope -p Delegate=yes` (in isomer.slice of user@<uid>.service,
// which systemd delegates to the user), as podman moves itself into a scope of the user's manager.
// Its cgroup is then the user's own, so the runtime's containers go below it and systemd as PID 1
// can write its tree; and every isomer run's scope shares user@<uid>.service with the instances,
// which the kernel requires of an exec that joins a container's cgroup. The scope ends when its last
// process does (a container's shim keeps it until destroy). ISOMER_USER_SCOPE=0 turns this off.
import { spawn } from "node:child_process";
import { isRootless } from "../util/idmap.js";
import { which } from "../util/which.js";
import { signalExitCode } from "../util/process.js";
import { systemdCgroupDelegated, userManagerDelegates, USER_SCOPE_ENV } from "../drivers/isomer/rootless-systemd.js";

// The systemd-run command that re-runs this isomer in a scope, or undefined when isomer stays
// where it is (root, a delegated cgroup already, no user manager, no systemd-run, turned off).
export function userScopeCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  if (!isRootless() || env[USER_SCOPE_ENV] === "1" || env.ISOMER_USER_SCOPE === "0") return undefined;
  const args = argv.slice(2);
  if (args.length === 0 || args.some((a) => a === "--help" || a === "-h" || a === "--version" || a === "-V" || a === "help")) return undefined;
  if (systemdCgroupDelegated() || !userManagerDelegates(env)) return undefined;
  const systemdRun = which("systemd-run", env);
  if (!systemdRun) return undefined;
  return [systemdRun, "--user", "--scope", "--quiet", "--collect", "--slice=isomer.slice", "-p", "Delegate=yes", "--", process.execPath, ...process.execArgv, ...argv.slice(1)];
}

// Runs `command` (from userScopeCommand) with this process's terminal and returns its exit code;
// SIGINT and SIGTERM reach it (Ctrl-C from the terminal's process group, a CI cancel forwarded).
export function runInUserScope(command: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: "inherit", env: { ...env, [USER_SCOPE_ENV]: "1" } });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", () => undefined); // the terminal sends it to the child as well
    process.on("SIGTERM", forward);
    child.on("error", (error) => {
      process.stderr.write(`isomer: cannot run \`${command[0]}\` to move into a scope of your systemd user manager (${error.message}); set ISOMER_USER_SCOPE=0 to run without it\n`);
      resolve(1);
    });
    child.on("exit", (code, signal) => resolve(code ?? signalExitCode(signal ?? "SIGKILL")));
  });
}
