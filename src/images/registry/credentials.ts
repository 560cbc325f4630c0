// Registry credentials from Docker's config.json (`auths` with base64 `auth` or username/password):
// $DOCKER_CONFIG/config.json, else ~/.docker/config.json. Credential helpers are not supported.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../errors.js";

// A username and password (or identity token as password).
export interface Credentials {
  username: string;
  password: string;
}

// Where Docker's client config lives.
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG || join(homedir(), ".docker"), "config.json");
}

// The keys config.json may file `registry` under (docker.io's is the legacy index URL).
export function credentialKeys(registry: string): string[] {
  if (registry === "docker.io") return ["https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io"];
  return [registry, `https://${registry}`, `http://${registry}`, `https://${registry}/v1/`, `https://${registry}/v2/`];
}

// Credentials for `registry` (a domain like `docker.io` or `127.0.0.1:5000`), if configured.
export function lookupCredentials(registry: string, env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  const file = dockerConfigPath(env);
  if (!existsSync(file)) return undefined;
  let auths: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  try {
    auths = (JSON.parse(readFileSync(file, "utf8")) as { auths?: typeof auths }).auths ?? {};
  } catch (e) {
    throw new ConfigError(`cannot parse Docker's \`${file}\`: ${(e as Error).message}`, { location: file, cause: e, hint: "fix or remove that file" });
  }
  for (const key of credentialKeys(registry)) {
    const entry = auths[key];
    if (!entry) continue;
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon < 0) throw new ConfigError(`\`auths["${key}"].auth\` in \`${file}\` is not base64 of \`user:password\``, { location: file });
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  }
  return undefined;
}

// The `Basic ...` header value for credentials.
export function basicAuthorization(c: Credentials): string {
  return "Basic " + Buffer.from(`${c.username}:${c.password}`).toString("base64");
}
