// The CI matrix's parts: env axes (`--env KEY=V1,V2`), their combinations, and the entry (one
// `isomer test -s S -p P` job with its environment) that every output format and workflow uses.
import { ConfigError } from "../errors.js";

// One environment axis: `--env KEY=V1,V2,...`.
export interface EnvAxis {
  key: string;
  values: string[];
}

// One job of the matrix.
export interface MatrixEntry {
  scenario: string;
  platform?: string; // absent with `per: scenario` (the job runs every platform of the scenario)
  image?: string; // the platform's image after interpolation (absent with `per: scenario`)
  env: Record<string, string>;
  name: string; // `scenario / platform / V1 / V2`, unique in the matrix; also the JUnit suite name
}

// Parse `KEY=V1,V2` into an axis; a user error names the flag.
export function parseEnvAxis(text: string): EnvAxis {
  const eq = text.indexOf("=");
  const key = eq > 0 ? text.slice(0, eq) : "";
  const values = text.slice(eq + 1).split(",").map((v) => v.trim()).filter(Boolean);
  if (!/^[_a-zA-Z][_a-zA-Z0-9]*$/.test(key) || values.length === 0) {
    throw new ConfigError(`Expected \`--env KEY=V1,V2,...\`, got \`${text}\``, {
      hint: "Name one variable and at least one value, e.g. `--env MOLECULE_DISTRO=debian11,debian12,debian13`.",
    });
  }
  return { key, values: [...new Set(values)] };
}

// Every combination of the axes' values, first axis slowest ([{}] for no axes).
export function envCombinations(axes: EnvAxis[]): Record<string, string>[] {
  const seen = new Set<string>();
  for (const a of axes) {
    if (seen.has(a.key)) throw new ConfigError(`\`--env ${a.key}=...\` is given twice`, { hint: "Give each variable once, with all its values comma-separated." });
    seen.add(a.key);
  }
  return axes.reduce<Record<string, string>[]>((combos, axis) => combos.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.key]: v }))), [{}]);
}

// The entry's name: `scenario / platform / V1 / V2` (also its JUnit suite name).
export function entryName(scenario: string, platform: string | undefined, env: Record<string, string>): string {
  return [scenario, ...(platform === undefined ? [] : [platform]), ...Object.values(env)].join(" / ");
}
