// `isomer ci init github|gitlab`: write the CI file that runs the matrix on the CI system's own
// engine (GitHub: .github/workflows/isomer.yml; GitLab: .gitlab/isomer-ci.yml, included from a new
// .gitlab-ci.yml or, when one exists, named for the user to include). Never overwrites without --force.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { stringify } from "yaml";
import { githubWorkflow } from "../../ci/github.js";
import { gitlabParent } from "../../ci/gitlab.js";
import type { EnvAxis } from "../../ci/matrix.js";
import { ConfigError } from "../../errors.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { templatesDir } from "../../util/paths.js";

// The CI systems `ci init` knows.
export const CI_SYSTEMS = ["github", "gitlab"] as const;
export type CiSystem = (typeof CI_SYSTEMS)[number];

// What `isomer ci init` was asked for.
export interface CiInitOptions {
  projectDir: string;
  system: CiSystem;
  scenarios?: string[];
  all?: boolean;
  exclude?: string[];
  env?: EnvAxis[];
  force?: boolean;
  write?: (text: string) => void;
}

const HEADER = "# Written by `isomer ci init`: the CI system runs one job per entry of `isomer ci matrix`.\n";

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

// A short digest of isomer's image recipes (templates/images/): the cache key changes with them.
export function recipesKey(root = join(templatesDir(), "images")): string {
  const hash = createHash("sha256");
  for (const file of filesUnder(root)) hash.update(relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  return hash.digest("hex").slice(0, 12);
}

// The `isomer ci matrix` flags the generated job passes (every scenario unless some are named).
export function matrixArgs(opts: Pick<CiInitOptions, "scenarios" | "all" | "exclude" | "env">): string[] {
  const named = opts.scenarios?.length && !opts.all;
  return [
    ...(named ? opts.scenarios!.flatMap((s) => ["-s", s]) : ["--all"]),
    ...(opts.exclude ?? []).flatMap((s) => ["--exclude", s]),
    ...(opts.env ?? []).flatMap((a) => ["--env", `${a.key}=${a.values.join(",")}`]),
  ];
}

async function writeNew(projectDir: string, file: string, text: string, force: boolean): Promise<string> {
  const path = join(projectDir, file);
  if (existsSync(path) && !force) {
    throw new ConfigError(`\`${file}\` already exists`, { hint: "Pass `--force` to replace it, or merge the generated jobs by hand (`isomer ci init ... --force` in a scratch copy shows them)." });
  }
  await writeFileAtomic(path, text);
  return path;
}

// The command: write the file(s) and say which.
export async function ciInit(opts: CiInitOptions): Promise<string[]> {
  const write = opts.write ?? ((text: string) => process.stdout.write(text));
  const args = matrixArgs(opts);
  const key = recipesKey();
  const yaml = (doc: unknown) => HEADER + stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
  const written: string[] = [];
  if (opts.system === "github") {
    written.push(await writeNew(opts.projectDir, ".github/workflows/isomer.yml", yaml(githubWorkflow(args, key)), Boolean(opts.force)));
  } else {
    written.push(await writeNew(opts.projectDir, ".gitlab/isomer-ci.yml", yaml(gitlabParent(args, key)), Boolean(opts.force)));
    if (existsSync(join(opts.projectDir, ".gitlab-ci.yml"))) {
      write("Add to your .gitlab-ci.yml:\n  include:\n    - local: .gitlab/isomer-ci.yml\n");
    } else {
      written.push(await writeNew(opts.projectDir, ".gitlab-ci.yml", yaml({ include: [{ local: ".gitlab/isomer-ci.yml" }] }), false));
    }
  }
  for (const path of written) write(`wrote ${relative(opts.projectDir, path)}\n`);
  return written;
}
