// Options every `isomer image` command takes, and the helpers they share.
import { isomerHome } from "../../util/paths.js";
import { ImageStore } from "../../images/store/index.js";

// Options common to the image commands (the CLI normalizes them; tests pass a store and writer).
export interface ImageCommandOptions {
  json?: boolean;
  write?: (text: string) => void; // stdout
  writeErr?: (text: string) => void; // stderr (progress, notes)
  isTTY?: boolean; // draw progress (default: stderr is a TTY)
  store?: ImageStore;
  env?: NodeJS.ProcessEnv;
}

// stdout writer.
export function out(options: ImageCommandOptions): (text: string) => void {
  return options.write ?? ((text) => process.stdout.write(text));
}

// stderr writer.
export function err(options: ImageCommandOptions): (text: string) => void {
  return options.writeErr ?? ((text) => process.stderr.write(text));
}

// The store the command works on.
export function storeOf(options: ImageCommandOptions): ImageStore {
  return options.store ?? new ImageStore({ home: isomerHome(options.env ?? process.env) });
}
