// A platform's `security_opts: [seccomp=PATH]`: the Docker-format profile file read and checked,
// every problem reported at its file:line (JSON is YAML, so the config parser gives positions).
import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { ConfigError } from "../../errors.js";
import { parseConfigText } from "../../config/parse-file.js";
import { checkDockerProfile, type DockerSeccompProfile } from "../../runtime/seccomp-profile.js";

// The profile at `path` (relative to the scenario directory); `where` names the platform option.
export function loadSeccompProfile(path: string, scenarioDir: string, where: string): DockerSeccompProfile {
  const file = isAbsolute(path) ? path : join(scenarioDir, path);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(`${where}: cannot read the seccomp profile \`${file}\`: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
      hint: "give the path of a Docker-format seccomp profile (JSON), relative to the scenario directory, or `seccomp=unconfined`",
    });
  }
  const parsed = parseConfigText(file, text);
  const syntax = parsed.errors[0];
  if (syntax) throw new ConfigError(`${where}: the seccomp profile is not valid JSON: ${syntax.message}`, { location: `${file}:${syntax.line ?? 1}:${syntax.col ?? 1}` });
  const problem = checkDockerProfile(parsed.data)[0];
  if (problem) {
    const pos = parsed.positions.get(problem.path) ?? parsed.positions.get("")!;
    throw new ConfigError(`${where}: seccomp profile${problem.path ? ` \`${problem.path}\`` : ""}: ${problem.message}`, { location: `${file}:${pos.line}:${pos.col}` });
  }
  return parsed.data as DockerSeccompProfile;
}
