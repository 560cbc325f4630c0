// The package cache process: `node cache-server.js DIR`, started detached by leases.ts. Serves the
// proxy (proxy.ts) on 127.0.0.1 at a free port, writes `DIR/server.json` {owner, port} once
// listening, and exits when no lease is left (released, or its container is gone), so that no
// daemon outlives the last instance, even after a kill -9 of isomer.
import { rmSync } from "node:fs";
import { startProxy } from "./proxy.js";
import { cacheFiles, liveLeases } from "./leases.js";
import { writeFileAtomicSync } from "../util/atomic-write.js";
import { ownerRecord } from "../util/owner.js";

const dir = process.argv[2];
if (!dir) {
  process.stderr.write("usage: cache-server.js DIR\n");
  process.exit(2);
}
const files = cacheFiles(dir);
const { server, port } = await startProxy({ dir: files.cache });
writeFileAtomicSync(files.server, JSON.stringify({ owner: ownerRecord(), port }));

// Two idle checks in a row, then a last look after server.json is gone (an acquire that wrote its
// lease meanwhile keeps the server, which says so again).
let idle = 0;
const timer = setInterval(() => {
  idle = liveLeases(dir).length === 0 ? idle + 1 : 0;
  if (idle < 2) return;
  rmSync(files.server, { force: true });
  if (liveLeases(dir).length === 0) stop();
  idle = 0;
  writeFileAtomicSync(files.server, JSON.stringify({ owner: ownerRecord(), port }));
}, 1000);

function stop(): void {
  clearInterval(timer);
  rmSync(files.server, { force: true });
  server.close();
  server.closeAllConnections();
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
