// The container's argv as Molecule's docker driver decides it: no `command` means a keep-alive
// sleep loop (unless `override_command: false`), an empty string means the image's CMD, any other
// string is split like a shell would (docker_container uses shlex). The image's ENTRYPOINT stays.
import { ConfigError } from "../../errors.js";
import { splitWords } from "../../util/words.js";
import type { Platform } from "../../config/types.js";
import type { DriverImage } from "./image.js";

// Molecule docker driver's default command.
export const KEEP_ALIVE = ["bash", "-c", "while true; do sleep 10000; done"];

// Commands that start systemd as PID 1.
const SYSTEMD_COMMANDS = new Set(["/lib/systemd/systemd", "/usr/lib/systemd/systemd", "/sbin/init", "/usr/sbin/init", "/bin/systemd"]);

// Splits a command string into words as POSIX sh (quotes and backslashes, no expansion).
export function shellSplit(text: string): string[] {
  const { words, openQuote } = splitWords(text, '"\\$`');
  if (openQuote) throw new ConfigError(`Expected matching quotes in \`command\`, got \`${text}\``, { hint: "close the quote in molecule.yml" });
  return words;
}

function entrypointOf(platform: Platform, image: DriverImage): string[] {
  if (platform.entrypoint === undefined) return image.config.entrypoint ?? [];
  return Array.isArray(platform.entrypoint) ? platform.entrypoint : shellSplit(platform.entrypoint);
}

// The argv PID 1 runs.
export function containerArgs(platform: Platform, image: DriverImage): string[] {
  const entrypoint = entrypointOf(platform, image);
  const override = platform.override_command ?? true;
  let command: string[];
  if (platform.command === undefined || platform.command === null) command = override ? KEEP_ALIVE : image.config.cmd ?? [];
  else if (String(platform.command).trim() === "") command = image.config.cmd ?? [];
  else command = shellSplit(String(platform.command));
  const args = [...entrypoint, ...command];
  if (args.length === 0)
    throw new ConfigError(`platform \`${platform.name}\` has no command: the image has no CMD and molecule.yml gives none`, { hint: "set `command:` on the platform" });
  return args;
}

// True when PID 1 is systemd: a systemd command, or podman's `systemd: true|always`.
export function wantsSystemd(platform: Platform, args: string[]): boolean {
  const flag = platform.systemd;
  if (flag === true || flag === "true" || flag === "always") return true;
  return SYSTEMD_COMMANDS.has(args[0] ?? "");
}
