// A loopback TCP proxy for registry tests that breaks responses on purpose: per connection a seeded
// generator picks one fault and the byte offset of the response stream where it strikes —
// `cut` (both sides closed there), `stall` (a pause of up to 1.5 s, then the rest), `corrupt` (one
// byte flipped), `reorder` (the rest of the chunk there sent after the next chunk) — or none. Requests pass
// unchanged. A fault that strikes is counted; one whose offset lies past the end of what the
// connection carried never happened and is not counted.
import { createServer, connect, type Server, type Socket } from "node:net";
import type { SeededRandom } from "./seeded-random.js";

export const FAULTS = ["cut", "stall", "corrupt", "reorder"] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultProxy {
  host: string; // 127.0.0.1:PORT
  injected: Record<Fault, number>;
  connections: () => number;
  setRate(rate: number): void; // share of connections that get a fault (0 = a plain proxy)
  stop(): Promise<void>;
}

// Where the fault strikes: half of the time in the first 2 KiB (headers, manifests, configs), else
// anywhere in the first `span` bytes (blobs).
function strikeOffset(random: SeededRandom, span: number): number {
  return random.next() < 0.5 ? random.int(0, 2048) : random.int(0, span);
}

// Proxies 127.0.0.1:<free port> to `upstreamPort` on 127.0.0.1.
export async function startFaultProxy(upstreamPort: number, random: SeededRandom, o: { rate?: number; span?: number } = {}): Promise<FaultProxy> {
  let rate = o.rate ?? 1;
  const span = o.span ?? 256 * 1024;
  const injected: Record<Fault, number> = { cut: 0, stall: 0, corrupt: 0, reorder: 0 };
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((client) => {
    connections++;
    const upstream = connect(upstreamPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    const fault: Fault | undefined = random.next() < rate ? random.pick(FAULTS) : undefined;
    const at = strikeOffset(random, span);
    const stallMs = random.int(100, 1500);
    client.pipe(upstream);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    let seen = 0;
    let struck = false;
    let held: Buffer | undefined;
    let flush: NodeJS.Timeout | undefined;
    upstream.on("data", (chunk: Buffer) => {
      const start = seen;
      seen += chunk.length;
      if (held) { // reorder: this chunk goes first, then the one held back
        clearTimeout(flush);
        client.write(chunk);
        client.write(held);
        held = undefined;
        injected.reorder++;
        return;
      }
      if (!fault || struck || seen <= at) return void client.write(chunk);
      struck = true;
      if (fault !== "reorder") injected[fault]++; // a reorder counts once a later chunk overtook
      const cut = at - start;
      switch (fault) {
        case "cut":
          client.write(chunk.subarray(0, cut), () => { client.destroy(); upstream.destroy(); });
          return;
        case "stall":
          client.write(chunk.subarray(0, cut));
          upstream.pause();
          setTimeout(() => { client.write(chunk.subarray(cut)); upstream.resume(); }, stallMs);
          return;
        case "corrupt": {
          const copy = Buffer.from(chunk);
          copy[cut] = copy[cut]! ^ 0x5a;
          client.write(copy);
          return;
        }
        case "reorder":
          client.write(chunk.subarray(0, cut));
          held = chunk.subarray(cut);
          // the response may end with this chunk on a kept-alive connection: then nothing overtakes it
          flush = setTimeout(() => { if (held) client.write(held); held = undefined; }, 300);
          return;
      }
    });
    upstream.on("end", () => {
      clearTimeout(flush);
      if (held) client.write(held); // nothing came after it: the order stays
      held = undefined;
      client.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    host: `127.0.0.1:${port}`,
    injected,
    connections: () => connections,
    setRate: (r) => (rate = r),
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
