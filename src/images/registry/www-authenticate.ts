// Parse a `WWW-Authenticate` header: `Bearer realm="...",service="...",scope="..."` or `Basic realm="..."`.

// One challenge: the scheme (lowercased) and its parameters.
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

// The challenge of a 401 response (the first one, as registries send one).
export function parseWwwAuthenticate(header: string | null | undefined): AuthChallenge | undefined {
  if (!header) return undefined;
  const m = /^\s*([A-Za-z]+)\s*(.*)$/.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?\s*/g;
  for (const p of m[2].matchAll(re)) params[p[1].toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, "$1") : p[3];
  return { scheme: m[1].toLowerCase(), params };
}
