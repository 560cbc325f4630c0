// Module hooks that let plain Node run this repository's TypeScript (test/helpers/*.ts and the
// src/ modules they import) without a build: `.js` specifiers resolve to the `.ts` file beside
// them, as tsc's NodeNext resolution does, and `.ts` files are transpiled on load with the
// project's own TypeScript (no type check: vitest and tsc do that). Registered by the small CLIs
// under test/ (test/helpers/leftovers-cli.mjs) with `module.register`. The output is kept in
// node_modules/.cache/isomer-ts, keyed on the source's digest, and TypeScript itself is loaded only
// on a miss: loading it is most of a run's time (several times so under the qemu guest's TCG, where
// the leftover check runs twice per guest with the cache the host's runs filled).
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const CACHE = fileURLToPath(new URL("../../node_modules/.cache/isomer-ts/", import.meta.url));
// the compiler options, by name (the cache key covers them; TypeScript's enums need it loaded)
const OPTIONS = { module: "ESNext", target: "ES2022", sourceMap: false };
let typescript;

async function transpile(fileName, source) {
  const key = createHash("sha256").update(JSON.stringify(OPTIONS)).update("\0").update(source).digest("hex");
  const cached = `${CACHE}${key}.js`;
  try {
    return await readFile(cached, "utf8");
  } catch {}
  typescript ??= (await import("typescript")).default;
  const { outputText } = typescript.transpileModule(source, {
    fileName,
    compilerOptions: { module: typescript.ModuleKind[OPTIONS.module], target: typescript.ScriptTarget[OPTIONS.target], sourceMap: OPTIONS.sourceMap },
  });
  try {
    await mkdir(CACHE, { recursive: true });
    // tmp + rename as src/util/atomic-write.ts does (this hook is what loads TypeScript: it cannot import it)
    const tmp = `${cached}.${process.pid}.tmp`;
    await writeFile(tmp, outputText);
    await rename(tmp, cached);
  } catch {} // a read-only checkout only loses the cache
  return outputText;
}

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
  return { format: "module", source: await transpile(fileName, await readFile(fileName, "utf8")), shortCircuit: true };
}
