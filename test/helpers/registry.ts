// A real registry for image tests: Debian's `docker-registry` on 127.0.0.1 (random free port,
// config written here, storage in a tmp dir, killed by PID), optionally behind a small bearer
// token server (JWT signed with a throwaway key via openssl); OCI layouts built from objects and
// pushed with skopeo. No network beyond loopback.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, createPrivateKey, createPublicKey, createSign } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { setTimeout as sleep } from "node:timers/promises";
import { execa } from "execa";

// A running test registry.
export interface TestRegistry {
  host: string; // 127.0.0.1:PORT
  url: string; // http://127.0.0.1:PORT
  storage: string; // the registry's filesystem root
  tokenRequests: () => number; // how many tokens the token server issued (0 without one)
  stop: () => Promise<void>;
}

// Token auth settings: credentials the token server demands (none = anonymous tokens).
export interface TokenAuthOptions {
  username?: string;
  password?: string;
  expiresIn?: number;
}

// A free TCP port on 127.0.0.1.
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

// Basic auth settings: one htpasswd user (bcrypt via Debian's python3 crypt module).
export interface BasicAuthOptions {
  htpasswd: { username: string; password: string };
}

// Start docker-registry (with a token server when `auth` has token options, htpasswd basic auth
// when it has `htpasswd`).
export async function startRegistry(auth?: TokenAuthOptions | BasicAuthOptions): Promise<TestRegistry> {
  const tokenAuth = auth && !("htpasswd" in auth) ? auth : undefined;
  const dir = mkdtempSync(join(tmpdir(), "isomer-test-registry-"));
  const storage = join(dir, "storage");
  mkdirSync(storage);
  const port = await freePort();
  let token: { server: Server; count: () => number } | undefined;
  let authConfig = "";
  if (auth && "htpasswd" in auth) {
    const { username, password } = auth.htpasswd;
    const hash = (await execa("/usr/bin/python3", ["-W", "ignore", "-c", "import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))", password])).stdout.trim();
    writeFileSync(join(dir, "htpasswd"), `${username}:${hash}\n`);
    authConfig = `auth:\n  htpasswd:\n    realm: isomer-test\n    path: ${join(dir, "htpasswd")}\n`;
  }
  if (tokenAuth) {
    const realmPort = await freePort();
    await execa("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "2", "-subj", "/CN=isomer-test-token"]);
    token = await startTokenServer(realmPort, readFileSync(join(dir, "key.pem"), "utf8"), readFileSync(join(dir, "cert.pem"), "utf8"), tokenAuth);
    authConfig = `auth:\n  token:\n    realm: http://127.0.0.1:${realmPort}/token\n    service: isomer-test\n    issuer: isomer-test-issuer\n    rootcertbundle: ${join(dir, "cert.pem")}\n`;
  }
  const config = `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${storage}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n${authConfig}`;
  writeFileSync(join(dir, "config.yml"), config);
  const child: ChildProcess = spawn("docker-registry", ["serve", join(dir, "config.yml")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const up = await fetch(`${url}/v2/`).then((r) => r.status === 200 || r.status === 401, () => false);
    if (up) break;
    if (child.exitCode !== null || i > 200) {
      child.kill("SIGKILL");
      throw new Error(`docker-registry did not start: ${stderr}`);
    }
    await sleep(25);
  }
  return {
    host: `127.0.0.1:${port}`,
    url,
    storage,
    tokenRequests: () => token?.count() ?? 0,
    stop: async () => {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((r) => child.once("exit", r));
        process.kill(child.pid, "SIGTERM");
        await exited;
      }
      await new Promise((r) => (token ? token.server.close(r) : r(undefined)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// libtrust's key id: base32 of the first 30 bytes of sha256(SPKI DER), in groups of 4.
function libtrustKeyId(certPem: string): string {
  const der = createPublicKey(certPem).export({ type: "spki", format: "der" });
  const hash = createHash("sha256").update(der).digest().subarray(0, 30);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const b of hash) bits += b.toString(2).padStart(8, "0");
  let b32 = "";
  for (let i = 0; i < bits.length; i += 5) b32 += alphabet[parseInt(bits.slice(i, i + 5), 2)];
  return b32.match(/.{4}/g)!.join(":");
}

async function startTokenServer(port: number, keyPem: string, certPem: string, opts: TokenAuthOptions): Promise<{ server: Server; count: () => number }> {
  const key = createPrivateKey(keyPem);
  const kid = libtrustKeyId(certPem);
  let issued = 0;
  const b64 = (v: object | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString("base64url");
  const server = createHttpServer((req, res) => {
    const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
    if (opts.username) {
      const want = "Basic " + Buffer.from(`${opts.username}:${opts.password}`).toString("base64");
      if (req.headers.authorization !== want) {
        res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "bad credentials" }] }));
        return;
      }
    }
    const access = url.searchParams.getAll("scope").map((s) => {
      const [type, name, actions] = s.split(":");
      return { type, name, actions: actions.split(",") };
    });
    const now = Math.floor(Date.now() / 1000);
    const header = b64({ alg: "RS256", typ: "JWT", kid });
    const claims = b64({ iss: "isomer-test-issuer", sub: opts.username ?? "", aud: url.searchParams.get("service"), exp: now + 600, nbf: now - 10, iat: now, jti: String(++issued), access });
    const signature = createSign("RSA-SHA256").update(`${header}.${claims}`).sign(key);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token: `${header}.${claims}.${b64(signature)}`, expires_in: opts.expiresIn ?? 300 }));
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return { server, count: () => issued };
}

// One platform image of a test OCI layout.
export interface LayoutImage {
  layers: Buffer[]; // tar or tar+gzip (detected by magic)
  platform?: { os: string; architecture: string; variant?: string };
  config?: Record<string, unknown>; // the `config` part (Env, Cmd, ...)
}

const sha = (b: Buffer | string) => "sha256:" + createHash("sha256").update(b).digest("hex");

// Write an OCI image layout at `dir` with one entry per name (an array = a multi-arch index).
export function writeOciLayout(dir: string, images: Record<string, LayoutImage | LayoutImage[]>): void {
  mkdirSync(join(dir, "blobs", "sha256"), { recursive: true });
  const put = (data: Buffer | string, mediaType: string) => {
    const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
    writeFileSync(join(dir, "blobs", "sha256", sha(buf).slice(7)), buf);
    return { mediaType, digest: sha(buf), size: buf.length };
  };
  const manifestOf = (img: LayoutImage) => {
    const platform = img.platform ?? { os: "linux", architecture: "amd64" };
    const gz = (b: Buffer) => b[0] === 0x1f && b[1] === 0x8b;
    const config = put(JSON.stringify({ ...platform, config: img.config ?? {}, rootfs: { type: "layers", diff_ids: img.layers.map((l) => sha(gz(l) ? gunzipSync(l) : l)) } }), "application/vnd.oci.image.config.v1+json");
    const layers = img.layers.map((l) => put(l, gz(l) ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.oci.image.layer.v1.tar"));
    return { ...put(JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", config, layers }), "application/vnd.oci.image.manifest.v1+json"), platform };
  };
  const manifests = Object.entries(images).map(([name, spec]) => {
    const desc = Array.isArray(spec)
      ? put(JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: spec.map(manifestOf) }), "application/vnd.oci.image.index.v1+json")
      : (({ platform: _p, ...d }) => d)(manifestOf(spec));
    return { ...desc, annotations: { "org.opencontainers.image.ref.name": name } };
  });
  writeFileSync(join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  writeFileSync(join(dir, "index.json"), JSON.stringify({ schemaVersion: 2, manifests }));
}

// Push `name` of the OCI layout at `dir` to `registry` as `repo:tag` with skopeo.
// `format` `v2s2` converts to Docker's v2 schema 2 manifest and media types on the way.
export async function pushWithSkopeo(dir: string, name: string, registry: string, repoTag: string, creds?: string, format?: "oci" | "v2s2"): Promise<void> {
  await execa("skopeo", ["copy", "--quiet", "--insecure-policy", "--all", "--dest-tls-verify=false", ...(creds ? ["--dest-creds", creds] : []), ...(format ? ["--format", format] : []), `oci:${dir}:${name}`, `docker://${registry}/${repoTag}`]);
}

// Path of a blob's data file in the registry's storage.
export function registryBlobPath(storage: string, digest: string): string {
  const hex = digest.slice(7);
  return join(storage, "docker", "registry", "v2", "blobs", "sha256", hex.slice(0, 2), hex, "data");
}
