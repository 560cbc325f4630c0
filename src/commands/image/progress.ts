// Pull progress: one line redrawn on a TTY (blobs done, bytes, unpacking); nothing otherwise.
import type { EnsureEvent } from "../../images/ensure.js";
import { humanSize } from "./format.js";

// A progress line fed by pull events; `done()` clears it.
export function pullProgress(label: string, write: (text: string) => void, isTTY: boolean): { onEvent: (e: EnsureEvent) => void; done: () => void } {
  if (!isTTY) return { onEvent: () => undefined, done: () => undefined };
  const sizes = new Map<string, number>();
  const received = new Map<string, number>();
  let blobsDone = 0;
  let unpacking = 0;
  let last = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    const total = [...sizes.values()].reduce((a, b) => a + b, 0);
    const got = [...received.values()].reduce((a, b) => a + b, 0);
    const line = `${label}: ${blobsDone}/${sizes.size} blobs, ${humanSize(got)} / ${humanSize(total)}${unpacking ? `, unpacking ${unpacking}` : ""}`;
    write(`\r\x1b[2K${line}`);
  };
  return {
    onEvent: (e) => {
      if (e.type === "blob") {
        sizes.set(e.digest, e.size);
        if (e.state !== "start") {
          blobsDone++;
          received.set(e.digest, e.size);
        }
      } else if (e.type === "progress") {
        received.set(e.digest, (received.get(e.digest) ?? 0) + e.bytes);
      } else if (e.type === "retry") {
        received.set(e.digest, 0);
      } else if (e.type === "unpack") {
        unpacking += e.state === "start" ? 1 : -1;
      }
      draw(e.type !== "progress");
    },
    done: () => write("\r\x1b[2K"),
  };
}
