// GitHub Actions: the workflow `isomer ci init github` writes. One job computes the matrix with
// `isomer ci matrix --format github`; one job per entry (strategy.matrix from its output) installs
// isomer, restores $ISOMER_HOME's image store and build cache from the cache, runs the entry and uploads its JUnit.
import { installLines } from "./install.js";

// The workflow for `isomer ci matrix MATRIXARGS`; `cacheKey` changes with the image recipes.
export function githubWorkflow(matrixArgs: string[], cacheKey: string): Record<string, unknown> {
  const install = { name: "Install isomer and the tools it drives", run: installLines("sudo ").join("\n") };
  return {
    name: "isomer",
    on: { push: { branches: ["main"] }, pull_request: {}, workflow_dispatch: {} },
    env: { ISOMER_HOME: "${{ github.workspace }}/.isomer-home" },
    jobs: {
      matrix: {
        "runs-on": "ubuntu-latest",
        outputs: { matrix: "${{ steps.matrix.outputs.matrix }}" },
        steps: [
          { uses: "actions/checkout@v4" },
          { uses: "actions/setup-node@v4", with: { "node-version": "20" } },
          install,
          { id: "matrix", run: `echo "matrix=$(isomer ci matrix ${[...matrixArgs, "--format", "github"].join(" ")})" >> "$GITHUB_OUTPUT"` },
        ],
      },
      test: {
        name: "${{ matrix.name }}",
        needs: "matrix",
        "runs-on": "ubuntu-latest",
        strategy: { "fail-fast": false, matrix: "${{ fromJSON(needs.matrix.outputs.matrix) }}" },
        steps: [
          { uses: "actions/checkout@v4" },
          { uses: "actions/setup-node@v4", with: { "node-version": "20" } },
          install,
          {
            name: "Restore the image store and build cache",
            uses: "actions/cache@v4",
            with: { path: ".isomer-home/store\n.isomer-home/build-cache\n", key: `isomer-images-${cacheKey}-\${{ hashFiles('molecule/**/molecule.yml') }}-\${{ matrix.name }}`, "restore-keys": `isomer-images-${cacheKey}-` },
          },
          {
            name: "Set the entry's environment",
            env: { ENTRY_ENV: "${{ toJSON(matrix.env) }}" },
            run: `node -e 'for (const [k, v] of Object.entries(JSON.parse(process.env.ENTRY_ENV))) console.log(k + "=" + v)' >> "$GITHUB_ENV"`,
          },
          {
            name: "isomer test",
            env: { SCENARIO: "${{ matrix.scenario }}", PLATFORM: "${{ matrix.platform }}", ENTRY: "${{ matrix.name }}" },
            run: 'sudo -E env "PATH=$PATH" isomer test -s "$SCENARIO" ${PLATFORM:+-p "$PLATFORM"} --report "junit/${{ strategy.job-index }}.xml" --report-suite "$ENTRY"',
          },
          { name: "Let the cache save the store", if: "always()", run: 'sudo chown -R "$(id -u):$(id -g)" .isomer-home junit || true' },
          { name: "Upload the JUnit report", if: "always()", uses: "actions/upload-artifact@v4", with: { name: "junit-${{ strategy.job-index }}", path: "junit/" } },
        ],
      },
    },
  };
}
