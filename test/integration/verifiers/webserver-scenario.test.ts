// The example role scenarios/webserver verified by its TypeScript tests (verifier `isomer`) and by
// the same checks in Python (verifier `testinfra`, through the isomer Ansible connection), with
// the built CLI on one converged instance. Slow (apt installs nginx; testinfra pays an Ansible run
// per command), so one converge serves both verifiers.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../../src/util/paths.js";
import { cliEnv, e2eSkipReason, isomer } from "../../e2e/cli.js";

const skip = e2eSkipReason();
const scratch = mkdtempSync(join(tmpdir(), "isomer-test-verifiers-scn-"));
const role = join(scratch, "webserver");
const scenarioDir = join(role, "molecule", "verifiers");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

// molecule/verifiers = molecule/default with `verifier.name` set to `name`.
function useVerifier(name: string): void {
  const text = readFileSync(join(role, "molecule", "default", "molecule.yml"), "utf8");
  writeFileSync(join(scenarioDir, "molecule.yml"), text.replace(/\nverifier:\n {2}name: ansible\n/, `\nverifier:\n  name: ${name}\n`));
}

describe.skipIf(skip !== undefined)(`webserver role through both verifiers${skip ? ` (skipped: ${skip})` : ""}`, () => {
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    cpSync(join(packageRoot(), "scenarios", "webserver"), role, { recursive: true });
    cpSync(join(role, "molecule", "default"), scenarioDir, { recursive: true });
    rmSync(join(scenarioDir, "verify.yml"));
    useVerifier("isomer");
    env = cliEnv("isomer-test-verifiers-scn", join(scratch, "ephemeral"), { WEBSERVER_HOST_PORT: String(await freePort()) });
    const converge = await isomer(role, ["converge", "-s", "verifiers"], env);
    if (converge.exitCode !== 0) throw new Error(`converge failed:\n${converge.all}`);
  }, 900_000);
  afterAll(async () => {
    if (env) await isomer(role, ["destroy", "-s", "verifiers"], env);
    rmSync(scratch, { recursive: true, force: true });
  }, 300_000);

  it("verifier isomer: the TypeScript checks pass", async () => {
    useVerifier("isomer");
    const r = await isomer(role, ["verify", "-s", "verifiers"], env);
    expect(r.all).toMatch(/Tests {2}6 passed \(6\)/);
    expect(r.exitCode, r.all).toBe(0);
  }, 300_000);

  it("verifier testinfra: the same checks in Python pass through the isomer connection", async () => {
    useVerifier("testinfra");
    const r = await isomer(role, ["verify", "-s", "verifiers"], env);
    expect(r.all).toMatch(/6 passed/);
    expect(r.exitCode, r.all).toBe(0);
  }, 900_000);

  it("a failing TypeScript check fails verify and names the instance and what was found", async () => {
    useVerifier("isomer");
    writeFileSync(join(scenarioDir, "tests", "broken.test.ts"),
      `import { test, expect } from "isomer/verifiers";\ntest("mode", async ({ host }) => {\n  await expect(host.file("/srv/www/index.html")).toHaveMode(0o600);\n});\n`);
    try {
      const r = await isomer(role, ["verify", "-s", "verifiers"], env);
      expect(r.exitCode).toBe(1);
      expect(r.all).toMatch(/instance `web1`: expected file `\/srv\/www\/index.html` to have mode `0600`\s+found: mode `0644`/);
      expect(r.all).toMatch(/Verifier `isomer` failed on `web1`/);
    } finally {
      rmSync(join(scenarioDir, "tests", "broken.test.ts"));
    }
  }, 300_000);
});
