// The node:http(s) transport against a real loopback server that goes quiet: before the headers,
// and mid-body on a kept-alive connection whose response has no framing left (what a garbled
// Content-Length turns into). Each exchange must fail with IdleTimeoutError instead of hanging;
// the idle time is shortened here (the default is IDLE_TIMEOUT_MS).
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { IdleTimeoutError, nodeTransport } from "../../../../src/images/registry/transport.js";
import { RegistryClient } from "../../../../src/images/registry/client.js";
import { RegistryTransferError, RegistryUnreachableError } from "../../../../src/images/errors.js";

let server: Server | undefined;
const sockets = new Set<Socket>();

// A raw TCP server that answers every connection with `reply` and then keeps it open, silent.
async function silentAfter(reply: string): Promise<string> {
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.once("data", () => { if (reply) socket.write(reply); });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

describe("nodeTransport idle timeout", () => {
  it("fails an exchange whose headers never come", async () => {
    const url = await silentAfter("");
    await expect(nodeTransport(200)(`${url}/v2/`, { headers: {} })).rejects.toBeInstanceOf(IdleTimeoutError);
  });

  it("fails a body that stops mid-way on a kept-alive connection", async () => {
    const url = await silentAfter("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Type: application/octet-stream\r\n\r\npartial");
    const response = await nodeTransport(200)(`${url}/v2/x/blobs/sha256:0`, { headers: {} });
    expect(response.status).toBe(200);
    await expect(response.bytes()).rejects.toThrow(/nothing received|aborted/);
  });

  it("turns a silent registry into RegistryUnreachableError after the retries, and a stalled manifest body into RegistryTransferError", async () => {
    let url = await silentAfter("");
    const quiet = new RegistryClient({ registry: "quiet.test", endpoint: url, idleTimeoutMs: 100, retry: { attempts: 2, sleep: async () => undefined } });
    const silent = await quiet.getManifest("app", "1").catch((e: unknown) => e);
    expect(silent).toBeInstanceOf(RegistryUnreachableError);
    expect((silent as Error).message).toBe("cannot reach registry `quiet.test` (nothing received for 0.1 s)");
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server!.close(resolve));
    url = await silentAfter("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Type: application/vnd.oci.image.manifest.v1+json\r\n\r\n{\"schema");
    const stalled = new RegistryClient({ registry: "stall.test", endpoint: url, idleTimeoutMs: 100 });
    const error = await stalled.getManifest("app", "1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryTransferError);
    expect((error as Error).message).toContain("stall.test");
  });
});
