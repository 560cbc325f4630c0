// Bearer tokens by (realm, service, scope), kept until shortly before they expire. `now` is
// injected so tests can move time.

interface Entry {
  token: string;
  expiresAt: number;
}

// A token cache shared by the clients of one pull (or process).
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly now: () => number = Date.now) {}

  // The cached token for the key, unless it expires within 10 s.
  get(key: string): string | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.expiresAt - 10_000 <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.token;
  }

  // Remember `token` for `expiresInSeconds` (the spec's default is 60 s).
  set(key: string, token: string, expiresInSeconds = 60): void {
    this.entries.set(key, { token, expiresAt: this.now() + Math.max(expiresInSeconds, 60) * 1000 });
  }
}
