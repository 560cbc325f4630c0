// GitLab: the child pipeline `isomer ci matrix --format gitlab` prints (one job per entry, each
// `isomer test -s S -p P` with the entry's variables), and the parent `.gitlab-ci.yml` part that
// `isomer ci init gitlab` writes (a job computing the child pipeline, a trigger job running it).
import { installLines, reportFile, testCommand } from "./install.js";
import type { MatrixEntry } from "./matrix.js";

const TEMPLATE = ".isomer-entry";
const CHILD_FILE = "isomer-pipeline.yml";

// The hidden job every entry extends (Node 20 on Debian bookworm; the runner must allow privileged
// jobs, since isomer starts containers): install, cache $ISOMER_HOME's image store and build cache,
// keep the JUnit file.
function entryTemplate(): Record<string, unknown> {
  return {
    stage: "test",
    image: "${ISOMER_CI_IMAGE}",
    variables: { ISOMER_HOME: "$CI_PROJECT_DIR/.isomer-home" },
    cache: { key: "isomer-images-${ISOMER_CACHE_KEY}", paths: [".isomer-home/store/", ".isomer-home/build-cache/"] },
    before_script: installLines(""),
    artifacts: { when: "always", paths: ["junit/"], reports: { junit: "junit/*.xml" } },
  };
}

// The child pipeline for `entries`.
export function gitlabChildPipeline(entries: MatrixEntry[]): Record<string, unknown> {
  const pipeline: Record<string, unknown> = {
    stages: ["test"],
    variables: { ISOMER_CI_IMAGE: "node:20-bookworm", ISOMER_CACHE_KEY: "default" },
    [TEMPLATE]: entryTemplate(),
  };
  for (const entry of entries) {
    pipeline[entry.name] = {
      extends: TEMPLATE,
      ...(Object.keys(entry.env).length ? { variables: entry.env } : {}),
      script: [testCommand(entry, reportFile(entry.name), entry.name)],
    };
  }
  return pipeline;
}

// What `isomer ci init gitlab` writes: a job writing the child pipeline and one triggering it
// (GitLab's default `build` and `test` stages, so that including it keeps the user's `stages:`).
export function gitlabParent(matrixArgs: string[], cacheKey: string): Record<string, unknown> {
  return {
    "isomer-matrix": {
      stage: "build",
      image: "node:20-bookworm",
      before_script: installLines(""),
      script: [`isomer ci matrix ${[...matrixArgs, "--format", "gitlab"].join(" ")} > ${CHILD_FILE}`],
      artifacts: { paths: [CHILD_FILE] },
    },
    "isomer-test": {
      stage: "test",
      variables: { ISOMER_CACHE_KEY: cacheKey },
      trigger: { include: [{ artifact: CHILD_FILE, job: "isomer-matrix" }], strategy: "depend" },
    },
  };
}
