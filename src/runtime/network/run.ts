// Runs the host's network tools (ip, iptables) with argv arrays and turns a failure into an
// IsomerError that names the command and quotes the tool's own message.
import { execa } from "execa";
import { IsomerError } from "../../errors.js";
import { adminPath } from "../../util/which.js";

export interface ToolResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const ROOT_HINT = "check that you run isomer as root and that the host's iproute2/iptables work";

// Runs `file args...` (stdin optional); throws ISOMER_NETWORK with the tool's stderr when it fails.
export async function runTool(file: string, args: string[], input?: string, hint = ROOT_HINT): Promise<ToolResult> {
  const result = await execa(file, args, { input, reject: false, stripFinalNewline: true, env: { PATH: adminPath() } });
  if (result.exitCode !== 0) {
    const command = [file, ...args].join(" ");
    const why = (result.stderr || result.stdout || result.shortMessage || "").trim();
    const detail = input ? `\ninput:\n${input.trimEnd()}` : "";
    throw new IsomerError("ISOMER_NETWORK", `network setup failed: \`${command}\`: ${why}${detail}`, { hint });
  }
  return { exitCode: result.exitCode ?? 0, stdout: String(result.stdout), stderr: String(result.stderr) };
}

// Runs `file args...` and reports only whether it succeeded (for idempotent removals).
export async function tryTool(file: string, args: string[], input?: string): Promise<boolean> {
  const result = await execa(file, args, { input, reject: false, env: { PATH: adminPath() } });
  return result.exitCode === 0;
}
