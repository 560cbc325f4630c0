// How many scenarios run at once (Molecule 26's --workers N|cpus|cpus-1, and the older --parallel),
// parsed once from the command line.
import { availableParallelism } from "node:os";
import { ConfigError } from "../errors.js";
import type { CommandOptions } from "./options.js";

// The number `--workers VALUE` asks for on a machine with `cpus` processors.
export function parseWorkers(value: string, cpus = availableParallelism()): number {
  const v = value.trim();
  if (v === "cpus") return cpus;
  if (v === "cpus-1") return Math.max(1, cpus - 1);
  if (/^[0-9]+$/.test(v) && Number(v) >= 1) return Number(v);
  throw new ConfigError(`\`--workers ${value}\` is not a number of workers`, { hint: "Give a whole number of at least 1, `cpus` (one per processor) or `cpus-1`." });
}

// Whether scenarios run side by side, each in a throw-away ephemeral directory.
export function runsConcurrently(options: Pick<CommandOptions, "parallel" | "workers">): boolean {
  return Boolean(options.parallel) || (options.workers ?? 1) > 1;
}

// How many of `count` scenarios run at once: all of them under --parallel, else --workers (1).
export function lanes(options: Pick<CommandOptions, "parallel" | "workers">, count: number): number {
  return Math.max(1, Math.min(options.parallel ? count : (options.workers ?? 1), count));
}
