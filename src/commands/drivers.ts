// `isomer drivers`: the built-in driver names.
import { driverNames } from "../drivers/index.js";
import { writerOf, type CommandOptions } from "./options.js";

// The drivers command.
export async function drivers(options: CommandOptions & { format?: string }): Promise<void> {
  const names = driverNames();
  writerOf(options)(options.format === "json" ? JSON.stringify(names) + "\n" : names.join("\n") + "\n");
}
