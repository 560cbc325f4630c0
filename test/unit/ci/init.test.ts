// `isomer ci init github|gitlab`: the GitHub workflow parses with GitHub's own parser
// (@actions/workflow-parser) with no errors, the GitLab files use only keys GitLab documents, and
// nothing is overwritten without --force.
import { describe, it, expect, vi, beforeEach, afterEach } from "vitest";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { ciInit, matrixArgs, recipesKey } from "../../../src/commands/ci/init.js";
import { ciMatrix } from "../../../src/commands/ci/matrix.js";
import { parseEnvAxis } from "../../../src/ci/matrix.js";
import { tmpdir } from "../../helpers/tmpdir.js";

const MOLECULE = 'driver:\n  name: docker\nplatforms:\n  - name: instance\n    image: "geerlingguy/docker-${MOLECULE_DISTRO:-debian12}-ansible:latest"\n';

let home: string;
beforeEach(() => {
  home = tmpdir();
  vi.stubEnv("HOME", home);
  vi.stubEnv("XDG_CACHE_HOME", join(home, "cache"));
});
afterEach(() => vi.unstubAllEnvs());

const quiet = () => {};

describe("ci init github", () => {
  it("writes a workflow that GitHub's parser accepts, with a matrix job feeding a job per entry", async () => {
    const dir = tmpdir({ "molecule/default/molecule.yml": MOLECULE });
    await ciInit({ projectDir: dir, system: "github", env: [parseEnvAxis("MOLECULE_DISTRO=debian11,debian12,debian13")], write: quiet });
    const content = readFileSync(join(dir, ".github/workflows/isomer.yml"), "utf8");
    const result = parseWorkflow({ name: "isomer.yml", content }, new NoOperationTraceWriter());
    expect(result.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    const template = await convertWorkflowTemplate(result.context, result.value!);
    expect(template.errors ?? []).toEqual([]);
    expect(template.jobs.map((j) => j.id.value)).toEqual(["matrix", "test"]);
    // The parser does catch mistakes: the same workflow with a key GitHub does not know fails.
    const broken = parseWorkflow({ name: "broken.yml", content: content.replace("    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    run-on: typo\n") }, new NoOperationTraceWriter());
    expect(broken.context.errors.getErrors().length).toBeGreaterThan(0);
    const doc = parse(content);
    expect(doc.jobs.matrix.steps.at(-1).run).toContain("isomer ci matrix --all --env MOLECULE_DISTRO=debian11,debian12,debian13 --format github");
    expect(doc.jobs.test.strategy.matrix).toBe("${{ fromJSON(needs.matrix.outputs.matrix) }}");
    const cache = doc.jobs.test.steps.find((s: { uses?: string }) => s.uses?.startsWith("actions/cache@"));
    expect(cache.with.key).toContain(`isomer-images-${recipesKey()}-`);
    expect(cache.with.path.split("\n").filter(Boolean)).toEqual([".isomer-home/store", ".isomer-home/build-cache"]);
    expect(doc.jobs.test.steps.some((s: { uses?: string }) => s.uses?.startsWith("actions/upload-artifact@"))).toBe(true);
  });

  it("refuses to overwrite an existing workflow without --force", async () => {
    const dir = tmpdir({ "molecule/default/molecule.yml": MOLECULE, ".github/workflows/isomer.yml": "mine\n" });
    await expect(ciInit({ projectDir: dir, system: "github", write: quiet })).rejects.toThrow(/already exists.*/);
    expect(readFileSync(join(dir, ".github/workflows/isomer.yml"), "utf8")).toBe("mine\n");
    await ciInit({ projectDir: dir, system: "github", force: true, write: quiet });
    expect(readFileSync(join(dir, ".github/workflows/isomer.yml"), "utf8")).toContain("isomer ci matrix");
  });

  it("passes the named scenarios, exclusions and axes to the matrix job", () => {
    expect(matrixArgs({ scenarios: ["a", "b"], exclude: ["c"], env: [parseEnvAxis("X=1,2")] })).toEqual(["-s", "a", "-s", "b", "--exclude", "c", "--env", "X=1,2"]);
  });

  it("changes the cache key when a recipe changes", () => {
    const dir = tmpdir({ "debian12-ansible/Dockerfile": "FROM debian:bookworm\n" });
    const before = recipesKey(dir);
    writeFileSync(join(dir, "debian12-ansible/Dockerfile"), "FROM debian:bookworm\nRUN true\n");
    expect(recipesKey(dir)).not.toBe(before);
  });
});

// Keys GitLab documents for .gitlab-ci.yml (https://docs.gitlab.com/ci/yaml/).
const GLOBAL_KEYS = new Set(["default", "include", "stages", "variables", "workflow"]);
const JOB_KEYS = new Set([
  "after_script", "allow_failure", "artifacts", "before_script", "cache", "coverage", "dependencies", "environment", "extends",
  "hooks", "id_tokens", "image", "inherit", "interruptible", "needs", "parallel", "release", "resource_group", "retry", "rules",
  "script", "secrets", "services", "stage", "tags", "timeout", "trigger", "variables", "when",
]);
const ARTIFACT_KEYS = new Set(["paths", "exclude", "expire_in", "expose_as", "name", "public", "reports", "untracked", "when"]);
const CACHE_KEYS = new Set(["key", "paths", "untracked", "unprotect", "when", "policy", "fallback_keys"]);
const TRIGGER_KEYS = new Set(["include", "project", "branch", "strategy", "forward"]);

function checkGitlab(doc: Record<string, Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const [name, job] of Object.entries(doc)) {
    if (GLOBAL_KEYS.has(name)) continue;
    for (const key of Object.keys(job)) if (!JOB_KEYS.has(key)) problems.push(`${name}: ${key}`);
    if (!job.script && !job.trigger && !job.extends && !name.startsWith(".")) problems.push(`${name}: no script, trigger or extends`);
    if (job.extends && !doc[job.extends as string]) problems.push(`${name}: extends unknown ${job.extends}`);
    for (const key of Object.keys((job.artifacts as object) ?? {})) if (!ARTIFACT_KEYS.has(key)) problems.push(`${name}.artifacts: ${key}`);
    for (const key of Object.keys((job.cache as object) ?? {})) if (!CACHE_KEYS.has(key)) problems.push(`${name}.cache: ${key}`);
    for (const key of Object.keys((job.trigger as object) ?? {})) if (!TRIGGER_KEYS.has(key)) problems.push(`${name}.trigger: ${key}`);
    for (const [k, v] of Object.entries((job.variables as object) ?? {})) if (typeof v !== "string") problems.push(`${name}.variables.${k}: not a string`);
    if (job.stage && !["build", "test"].includes(job.stage as string) && !(doc.stages as unknown as string[] | undefined)?.includes(job.stage as string)) problems.push(`${name}: unknown stage ${job.stage}`);
  }
  return problems;
}

describe("ci init gitlab", () => {
  it("writes an included file whose matrix job feeds a child pipeline, and a .gitlab-ci.yml including it", async () => {
    const dir = tmpdir({ "molecule/default/molecule.yml": MOLECULE });
    await ciInit({ projectDir: dir, system: "gitlab", env: [parseEnvAxis("MOLECULE_DISTRO=debian11,debian12")], write: quiet });
    expect(parse(readFileSync(join(dir, ".gitlab-ci.yml"), "utf8"))).toEqual({ include: [{ local: ".gitlab/isomer-ci.yml" }] });
    const parent = parse(readFileSync(join(dir, ".gitlab/isomer-ci.yml"), "utf8"));
    expect(checkGitlab(parent)).toEqual([]);
    expect(parent["isomer-matrix"].script[0]).toBe("isomer ci matrix --all --env MOLECULE_DISTRO=debian11,debian12 --format gitlab > isomer-pipeline.yml");
    expect(parent["isomer-test"].trigger.include).toEqual([{ artifact: "isomer-pipeline.yml", job: "isomer-matrix" }]);
    let child = "";
    await ciMatrix({ projectDir: dir, all: true, env: [parseEnvAxis("MOLECULE_DISTRO=debian11,debian12")], format: "gitlab", write: (t) => (child += t) });
    const doc = parse(child);
    expect(checkGitlab(doc)).toEqual([]);
    expect(doc[".isomer-entry"].artifacts.reports.junit).toBe("junit/*.xml");
  });

  it("leaves an existing .gitlab-ci.yml alone and says what to include", async () => {
    const dir = tmpdir({ "molecule/default/molecule.yml": MOLECULE, ".gitlab-ci.yml": "stages: [lint]\n" });
    let out = "";
    await ciInit({ projectDir: dir, system: "gitlab", write: (t) => (out += t) });
    expect(readFileSync(join(dir, ".gitlab-ci.yml"), "utf8")).toBe("stages: [lint]\n");
    expect(out).toContain("- local: .gitlab/isomer-ci.yml");
    expect(existsSync(join(dir, ".gitlab/isomer-ci.yml"))).toBe(true);
  });
});
