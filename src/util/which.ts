// Finding a program on PATH, as a shell would before running it.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

// The absolute path of the executable `name` on `env.PATH`, or undefined.
export function which(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

// `env.PATH` with the administrator directories appended when it lacks them: an ordinary user's
// PATH on Debian has no /usr/sbin, where iptables-restore and sysctl live, which rootless mode runs
// in namespaces of its own.
export function adminPath(env: NodeJS.ProcessEnv = process.env): string {
  const dirs = (env.PATH ?? "").split(delimiter).filter(Boolean);
  return [...dirs, ...["/usr/local/sbin", "/usr/sbin", "/sbin"].filter((d) => !dirs.includes(d))].join(delimiter);
}
