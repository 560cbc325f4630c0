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
