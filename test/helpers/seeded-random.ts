// A small seeded pseudo-random generator (mulberry32) for tests that choose their cases at random
// and must be replayable: the kill -9 campaign (kill points), the registry fault proxy (which
// fault, where). The seed comes from an environment variable when set, else from the clock, and
// the caller prints it.
export interface SeededRandom {
  seed: number;
  next(): number; // [0, 1)
  int(min: number, max: number): number; // integer in [min, max]
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: readonly T[]): T[];
}

export function seededRandom(seed: number): SeededRandom {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    seed,
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)]!,
    shuffle: (items) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(0, i);
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
  };
}

// The seed in `variable` (a non-negative integer), else a fresh one from the clock.
export function seedFrom(variable: string, env: NodeJS.ProcessEnv = process.env): number {
  const text = env[variable];
  if (text !== undefined && text !== "") {
    if (!/^\d+$/.test(text)) throw new Error(`${variable} must be a non-negative integer, got \`${text}\``);
    return Number(text) >>> 0;
  }
  return (Date.now() ^ (process.pid << 16)) >>> 0;
}

// A count from `variable` (a positive integer), else `fallback`.
export function countFrom(variable: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const text = env[variable];
  if (text === undefined || text === "") return fallback;
  if (!/^[1-9]\d*$/.test(text)) throw new Error(`${variable} must be a positive integer, got \`${text}\``);
  return Number(text);
}
