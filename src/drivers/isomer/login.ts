// `isomer login`: an interactive shell in the container with a pty, the user's terminal inherited;
// bash when the image has it, else sh.
import { IsomerError } from "../../errors.js";
import type { RuntimeClient } from "../../runtime/index.js";

// Runs bash (or sh) in container `id` attached to this process's terminal until it exits.
export async function loginShell(client: RuntimeClient, id: string): Promise<void> {
  const state = await client.state(id);
  if (!state || state.status !== "running")
    throw new IsomerError("ISOMER_NOT_RUNNING", `container \`${id}\` is not running`, { hint: "run `isomer create` (or `isomer converge`) first" });
  const hasBash = (await client.exec(id, ["test", "-x", "/bin/bash"])).exitCode === 0;
  const tty = Boolean(process.stdin.isTTY);
  const shell = hasBash ? ["/bin/bash", "-l"] : ["/bin/sh", "-l"];
  await client.exec(id, shell, { tty, stdio: "inherit", env: [`TERM=${process.env.TERM ?? "xterm"}`] });
}
