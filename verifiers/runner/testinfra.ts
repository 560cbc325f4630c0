// verifier `testinfra`: Debian's pytest-testinfra on the scenario's tests/test_*.py through the
// generated Ansible inventory and ansible.cfg (so the isomer connection plugin is used), with
// additional_files_or_dirs, options and env passed as Molecule passes them.
import { spawn } from "node:child_process";
import { exitCodeOf } from "../../src/util/process.js";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { PrerequisiteError } from "../../src/errors.js";
import { dictToArgs } from "./args.js";
import { parsePytestJUnit } from "./junit-xml.js";
import type { RunVerifierContext, VerifierResult } from "./types.js";

// The Python that has testinfra (Debian's, not a pyenv one on PATH); $ISOMER_TESTINFRA_PYTHON overrides.
export function testinfraPython(env: NodeJS.ProcessEnv = process.env): string {
  return env.ISOMER_TESTINFRA_PYTHON ?? "/usr/bin/python3";
}

// tests/test_*.py (recursively, sorted) plus additional_files_or_dirs globbed relative to tests/.
export function testinfraFiles(testsDir: string, additional: string[]): string[] {
  const found = existsSync(testsDir)
    ? (readdirSync(testsDir, { recursive: true }) as string[]).filter((f) => /(^|\/)test_[^/]*\.py$/.test(f)).map((f) => join(testsDir, f))
    : [];
  const extra = additional.flatMap((pattern) => globFiles(testsDir, pattern));
  return [...found, ...extra].sort();
}

// Paths under `dir` matching `pattern` (`*`, `?`, `**`; no glob characters: the path if it exists).
// Node 20 has no fs.globSync.
export function globFiles(dir: string, pattern: string): string[] {
  if (!/[*?[]/.test(pattern)) return existsSync(join(dir, pattern)) ? [join(dir, pattern)] : [];
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*\*\/?/g, "\0").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]").replace(/\0/g, "(?:.*/)?")}$`);
  const all = existsSync(dir) ? (readdirSync(dir, { recursive: true }) as string[]) : [];
  return all.filter((f) => re.test(f)).map((f) => join(dir, f));
}

// The pytest argv (after `python -m pytest`) for `ctx` and `files`.
export function testinfraArgs(ctx: RunVerifierContext, files: string[], junitFile: string): string[] {
  const options = { "ansible-inventory": ctx.inventoryFile, hosts: "ansible://all", p: "no:cacheprovider", ...ctx.options };
  return [...dictToArgs(options), `--junitxml=${junitFile}`, ...files];
}

// Run pytest-testinfra once over every instance; cases come from its JUnit report.
export async function runTestinfraVerifier(ctx: RunVerifierContext): Promise<VerifierResult> {
  const log = ctx.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const testsDir = resolve(ctx.scenarioDir, ctx.testsDir ?? "tests");
  const files = testinfraFiles(testsDir, ctx.additionalFilesOrDirs);
  if (files.length === 0) {
    log(`verify: no tests found in \`${relative(ctx.projectDir, testsDir) || testsDir}\` (test_*.py), skipping testinfra`);
    return { verifier: "testinfra", ok: true, cases: [], perTarget: {} };
  }
  const python = testinfraPython();
  if (!existsSync(python)) throw new PrerequisiteError(`testinfra needs \`${python}\`, which does not exist`, { hint: "install python3-testinfra (Debian) or set ISOMER_TESTINFRA_PYTHON" });
  const junitFile = join(ctx.ephemeralDir, "testinfra-junit.xml");
  rmSync(junitFile, { force: true });
  const env = { ...process.env, ...ctx.env, ...(ctx.ansibleCfgFile ? { ANSIBLE_CONFIG: ctx.ansibleCfgFile } : {}), PYTHONDONTWRITEBYTECODE: "1" };
  const exitCode = await new Promise<number>((resolve, reject) => {
    const child = spawn(python, ["-m", "pytest", ...testinfraArgs(ctx, files, junitFile)], { cwd: ctx.scenarioDir, env, stdio: ["ignore", "pipe", "pipe"], signal: ctx.signal });
    let pending = "";
    const onData = (b: Buffer) => {
      const lines = (pending + b.toString("utf8")).split("\n");
      pending = lines.pop() ?? "";
      for (const l of lines) log(l);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (pending) log(pending);
      resolve(exitCodeOf(code, signal));
    });
  });
  if (exitCode === 4) throw new PrerequisiteError(`pytest refused its command line (exit 4); check \`verifier.options\``, { hint: "is python3-testinfra installed for Debian's python3?" });
  const cases = existsSync(junitFile) ? parsePytestJUnit(readFileSync(junitFile, "utf8")) : [];
  const perTarget: Record<string, boolean> = {};
  for (const c of cases) {
    perTarget[c.instance] = (perTarget[c.instance] ?? true) && c.status !== "failed";
    ctx.junit?.addCase(`verify:${ctx.scenarioName}:${c.instance}`, c);
  }
  return { verifier: "testinfra", ok: exitCode === 0, cases, perTarget };
}
