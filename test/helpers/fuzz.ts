// fast-check settings shared by the fuzz tests: small in `npm test`, large in bench/fuzz
// (ISOMER_FUZZ_RUNS=N), seeded from ISOMER_FUZZ_SEED when set so a failure can be replayed; the
// seed is printed with every failure by fast-check itself.
import fc from "fast-check";

// Runs per property: `small` in the test suite unless ISOMER_FUZZ_RUNS says otherwise.
export function fuzzParameters(small: number): fc.Parameters<unknown> {
  const runs = Number(process.env.ISOMER_FUZZ_RUNS) || small;
  const seed = process.env.ISOMER_FUZZ_SEED ? Number(process.env.ISOMER_FUZZ_SEED) : undefined;
  return { numRuns: runs, ...(seed !== undefined ? { seed } : {}), interruptAfterTimeLimit: undefined };
}

// Interpolation pieces Molecule users write (and break).
export const interpolation = fc.oneof(
  fc.constantFrom("${HOME}", "${X:-default}", "${X-default}", "$X", "$$", "${", "}", "${X:?must be set}", "${MOLECULE_SCENARIO_NAME}", "$", "${X:-${Y}}", "${ X }", "${1}", "$$$"),
  fc.string({ maxLength: 8 }),
);

// A string made of interpolation pieces and text.
export const interpolatedString = fc.array(interpolation, { maxLength: 5 }).map((parts) => parts.join(""));

// Insert `piece` into `text` at a position chosen by `at` (0..1).
export function insertAt(text: string, at: number, piece: string): string {
  const i = Math.floor(at * (text.length + 1));
  return text.slice(0, i) + piece + text.slice(i);
}
