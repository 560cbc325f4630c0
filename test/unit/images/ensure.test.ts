// ensureImage's decisions: store first, `never`, unreachable registry -> bootstrap for known
// Debian tags, a one-paragraph error otherwise. The registry is an injected fetch that refuses
// connections; the bootstrap is injected (the real one runs mmdebstrap, tested by its owner).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureImage, type BootstrapFn } from "../../../src/images/ensure.js";
import { ImageNotFoundError } from "../../../src/images/errors.js";
import { ImageStore } from "../../../src/images/store/index.js";
import { BUILTIN_BOOTSTRAP } from "../../../src/images/config.js";

let home: string;
let store: ImageStore;
const refused = async () => {
  throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
};
const settings = { insecureRegistries: [], mirrors: {}, bootstrap: { ...BUILTIN_BOOTSTRAP, "docker.io/geerlingguy/docker-debian12-ansible:latest": { suite: "bookworm", include: ["systemd"] } } };

async function storeImage(ref: string): Promise<string> {
  const layer = await store.putBlob(Buffer.from(ref), { mediaType: "application/vnd.oci.image.layer.v1.tar" });
  const digest = await store.putImage({ configJson: { config: { Cmd: ["bash"] } }, layers: [{ ...layer, diffId: layer.digest }] });
  await store.tag(ref, digest);
  return digest;
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "isomer-test-ensure-"));
  store = new ImageStore({ home, unpackLayer: async (blob, _m, dest) => writeFile(join(dest, "blob"), blob) });
});
afterEach(async () => rm(home, { recursive: true, force: true }));

describe("ensureImage", () => {
  it("answers from the store without touching the network", async () => {
    const digest = await storeImage("debian:bookworm");
    const image = await ensureImage("debian:bookworm", { store, settings, fetch: refused });
    expect(image).toMatchObject({ source: "store", digest, ref: "docker.io/library/debian:bookworm" });
  });

  it("with pull `never`, reports a missing image with what to do", async () => {
    const error = await ensureImage("alpine:3", { store, settings, pull: "never" }).catch((e: ImageNotFoundError) => e);
    expect(error).toBeInstanceOf(ImageNotFoundError);
    expect(error.hint).toContain("isomer image pull alpine:3");
  });

  it("bootstraps a known Debian tag when the registry cannot be reached, and says so", async () => {
    const calls: Array<[string, object]> = [];
    const bootstrapImage: BootstrapFn = async (ref, opts) => {
      calls.push([ref, { suite: opts.suite, include: opts.include }]);
      await storeImage(ref);
    };
    const messages: string[] = [];
    const image = await ensureImage("geerlingguy/docker-debian12-ansible", { store, settings, fetch: refused, bootstrapImage, log: (m) => messages.push(m) });
    expect(image.source).toBe("bootstrapped");
    expect(calls).toEqual([["docker.io/geerlingguy/docker-debian12-ansible:latest", { suite: "bookworm", include: ["systemd"] }]]);
    expect(messages.at(-1)).toContain("bootstrapped from Debian `bookworm`");
    const debian = await ensureImage("debian:13", { store, settings, fetch: refused, bootstrapImage });
    expect(debian.source).toBe("bootstrapped");
    expect(calls[1]).toEqual(["docker.io/library/debian:13", { suite: "trixie", include: undefined }]);
  });

  it("explains an unreachable registry for an image it cannot bootstrap", async () => {
    const error = await ensureImage("alpine:3", { store, settings, fetch: refused }).catch((e: Error & { hint?: string }) => e);
    expect(error.message).toBe("image `alpine:3` is not in the store and its registry cannot be reached (cannot reach registry `docker.io` (ECONNREFUSED))");
    expect(error.hint).toContain("isomer image import FILE --tag alpine:3");
  });

  it("with pull `always`, falls back to the stored image when offline", async () => {
    await storeImage("debian:trixie");
    const image = await ensureImage("debian:trixie", { store, settings, fetch: refused, pull: "always" });
    expect(image.source).toBe("store");
  });
});
