#!/usr/bin/env node
// One unpackLayer call (the built dist/), for hyperfine: node unpack-once.mjs BLOB DEST
import { resolve, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { unpackLayer } = await import(join(root, "dist", "src", "images", "unpack", "index.js"));
const [blob, dest] = process.argv.slice(2);
const result = await unpackLayer(blob, "", dest);
if (process.env.BENCH_VERBOSE) console.log(JSON.stringify(result));
