// Module hooks that let plain Node run this repository's TypeScript (test/helpers/*.ts and the
// src/ modules they import) without a build: `.js` specifiers resolve to the `.ts` file beside
// them, as tsc's NodeNext resolution does, and `.ts` files are transpiled on load with the
// project's own TypeScript (no type check: vitest and tsc do that). Registered by the small CLIs
// under test/ (test/helpers/leftovers-cli.mjs) with `module.register`.
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";

// A relative `./x.js` that does not exist but `./x.ts` does: the TypeScript source.
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (error?.code !== "ERR_MODULE_NOT_FOUND" || !/^\.{1,2}\//.test(specifier) || !specifier.endsWith(".js")) throw error;
    const url = new URL(specifier.replace(/\.js$/, ".ts"), context.parentURL);
    if (!existsSync(fileURLToPath(url))) throw error;
    return { url: url.href, shortCircuit: true };
  }
}

// `.ts` files become ES modules.
export async function load(url, context, nextLoad) {
  if (!url.startsWith("file:") || !url.endsWith(".ts")) return nextLoad(url, context);
  const fileName = fileURLToPath(url);
  const { outputText } = ts.transpileModule(await readFile(fileName, "utf8"), {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
  });
  return { format: "module", source: outputText, shortCircuit: true };
}
