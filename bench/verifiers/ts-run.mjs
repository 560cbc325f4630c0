// One TypeScript-verifier run of the 100 checks against a container (what hyperfine times).
// Usage: node ts-run.mjs RUNTIME ROOT CONTAINER
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { tsChecks } from "./checks.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { Host, RuntimeBackend } = await import(join(root, "dist", "verifiers", "api.js"));
const [binary, stateRoot, container] = process.argv.slice(2);
await tsChecks(new Host(new RuntimeBackend({ binary, root: stateRoot, container }), { name: container }));
