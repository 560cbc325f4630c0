// verifier `isomer`: the scenario's TypeScript test files (tests/**/*.test.ts) run with vitest,
// once per instance (or group), the instances side by side; the `host` fixture reads the target from $ISOMER_VERIFIER_TARGET.
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { TARGET_ENV } from "../target-env.js";
import { verifyTargets } from "./targets.js";
import type { RunVerifierContext, VerifierCase, VerifierResult } from "./types.js";

// The file `isomer/verifiers` resolves to in user tests: this package's index (.ts from source, .js from dist).
export function verifiersEntry(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const ts = join(here, "..", "index.ts");
  return existsSync(ts) && import.meta.url.endsWith(".ts") ? ts : join(here, "..", "index.js");
}

// Run the TypeScript verifier files against every target; results per target and per test. One
// vitest run holds one project per target (its own ISOMER_VERIFIER_TARGET), and its pool runs the
// targets' files in workers side by side, so the instances are verified concurrently.
export async function runIsomerVerifier(ctx: RunVerifierContext): Promise<VerifierResult> {
  const log = ctx.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const testsDir = resolve(ctx.scenarioDir, ctx.testsDir ?? "tests");
  const { include = ["**/*.test.ts"], ...vitestOptions } = ctx.options as { include?: string[] } & Record<string, unknown>;
  const { startVitest } = await import("vitest/node");
  const targets = verifyTargets(ctx);
  log(`verify: ${targets.map((target) => target.name).join(", ")}`);
  const savedExitCode = process.exitCode;
  const vitest = await startVitest(
    "test",
    [],
    {
      config: false,
      root: testsDir,
      dir: testsDir,
      watch: false,
      passWithNoTests: true,
      maxWorkers: targets.length * 4, // the pool starts no more workers than files are waiting
      projects: targets.map((target) => ({
        test: {
          name: target.name,
          root: testsDir,
          dir: testsDir,
          include,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          env: { ...ctx.env, [TARGET_ENV]: JSON.stringify(target.instances) },
        },
        resolve: { alias: { "isomer/verifiers": verifiersEntry() } },
      })),
      ...vitestOptions,
    },
    {
      cacheDir: join(ctx.ephemeralDir, "vitest-cache"),
      resolve: { alias: { "isomer/verifiers": verifiersEntry() } },
    },
  );
  process.exitCode = savedExitCode;
  const cases: VerifierCase[] = [];
  const perTarget: Record<string, boolean> = Object.fromEntries(targets.map((target) => [target.name, true]));
  const fail = (name: string) => (perTarget[name] = false);
  for (const mod of vitest.state.getTestModules()) {
    const target = mod.project.name;
    const file = relative(ctx.scenarioDir, mod.moduleId);
    const loadErrors = mod.errors();
    if (loadErrors.length > 0) {
      fail(target);
      cases.push({ instance: target, file, name: "(file)", status: "failed", durationMs: 0, message: loadErrors.map((e) => e.message).join("\n") });
    }
    for (const t of mod.children.allTests()) {
      const r = t.result();
      const status = r.state === "failed" ? "failed" : r.state === "passed" ? "passed" : "skipped";
      if (status === "failed") fail(target);
      cases.push({
        instance: target, file, name: t.fullName, status, durationMs: Math.round(t.diagnostic()?.duration ?? 0),
        message: r.state === "failed" ? r.errors.map((e) => e.message).join("\n") : undefined,
      });
    }
  }
  if (vitest.state.getUnhandledErrors().length > 0) for (const target of targets) fail(target.name);
  await vitest.close();
  const order = new Map(targets.map((target, i) => [target.name, i]));
  cases.sort((a, b) => order.get(a.instance)! - order.get(b.instance)!);
  for (const c of cases) ctx.junit?.addCase(`verify:${ctx.scenarioName}:${c.instance}`, c);
  return { verifier: "isomer", ok: Object.values(perTarget).every(Boolean), cases, perTarget };
}

