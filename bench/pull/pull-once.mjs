#!/usr/bin/env node
// One isomer pull for the benchmark: `node bench/pull/pull-once.mjs REF HOME [--no-unpack]`.
// Uses the built JS (dist/), as the isomer binary would; run `npm run build` first.
import { pullImage } from "../../dist/src/images/pull.js";
import { ImageStore } from "../../dist/src/images/store/index.js";

const [ref, home, flag] = process.argv.slice(2);
const host = ref.split("/")[0];
await pullImage(ref, {
  store: new ImageStore({ home }),
  insecureRegistries: [host],
  settings: { insecureRegistries: [], mirrors: {}, bootstrap: {} },
  unpack: flag !== "--no-unpack",
});
