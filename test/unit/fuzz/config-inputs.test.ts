// Fuzzed user inputs: random molecule.yml trees over the schema's keys with interpolation strings
// (also damaged as text), Dockerfiles, image references, published ports, volumes, ulimits and
// security options. Each either loads or is refused with a ConfigError / diagnostic carrying
// file:line — never another exception, never a stack trace, never a file written. Small sizes
// here; `node bench/fuzz/run.mjs` runs them large.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { stringify } from "yaml";
import { validateProject } from "../config/load-helper.js";
import { CONFIG_SCHEMA, PLATFORM_SCHEMA } from "../../../src/config/schema.js";
import { ConfigError } from "../../../src/errors.js";
import { parseDockerfile } from "../../../src/build/dockerfile.js";
import { formatReference, parseReference } from "../../../src/images/reference.js";
import { InvalidReferenceError } from "../../../src/images/errors.js";
import { parsePortSpecs } from "../../../src/runtime/network/ports.js";
import { parseVolumeSpec } from "../../../src/runtime/volume-spec.js";
import { parseUlimit } from "../../../src/runtime/ulimits.js";
import { parseSecurityOpts } from "../../../src/runtime/security-opts.js";
import { fuzzParameters, insertAt, interpolatedString, interpolation } from "../../helpers/fuzz.js";

// vitest's per-test limit, for the bench's large runs on a loaded machine (not a time bound on the code)
const FUZZ_TIMEOUT = 3_600_000;
const keysOf = (schema: typeof CONFIG_SCHEMA) => (schema.type === "map" && schema.keys ? Object.keys(schema.keys) : []);

// every file under `dir`, relative
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).map((d) => relative(dir, join(d.parentPath, d.name))).sort();
}

const scalar = fc.oneof(interpolatedString, fc.string({ maxLength: 12 }), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null),
  fc.constantFrom("debian:bookworm", "8080:80", "/tmp:/tmp:ro", "nofile=1024", "seccomp=unconfined", "docker", "ansible", "default", "yes", "off", "~"));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 6 }), tie("value"), { maxKeys: 3 })),
}));
const platform = fc.dictionary(fc.oneof(fc.constantFrom(...keysOf(PLATFORM_SCHEMA)), fc.string({ maxLength: 6 })), value, { maxKeys: 6 })
  .map((p) => ({ name: "instance", ...p }));
// mostly well-typed platforms, so that some load and the grammars of their strings are fuzzed
const strings = (valid: string[], invalid: string[]) =>
  fc.array(fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: 12 }, { arbitrary: fc.constantFrom(...invalid), weight: 1 }, { arbitrary: interpolatedString, weight: 1 }), { maxLength: 2 });
// an interpolation string that is usually well-formed (a typed platform should load more often than not)
const mostlyValidString = fc.oneof({ arbitrary: fc.constantFrom("/lib/systemd/systemd", "sleep infinity", "${CMD:-sleep 1}", "$$HOME", "x"), weight: 6 }, { arbitrary: interpolatedString, weight: 1 });
const typedPlatform = fc.record({
  name: fc.constantFrom("instance", "a-1", "b.2"),
  image: fc.oneof({ arbitrary: fc.constantFrom("debian:bookworm", "quay.io/centos/centos:stream9", "localhost:5000/x:1", "${IMAGE:-debian:bookworm}"), weight: 12 }, { arbitrary: interpolatedString, weight: 1 }),
  published_ports: strings(["8080:80", "127.0.0.1::80/udp", "80"], ["70000", "[::1]:80:80"]),
  volumes: strings(["/srv", "data:/data:ro", "./x:/x"], ["a:b", "/a:/b:xyz"]),
  ulimits: strings(["nofile=1024:2048", "nproc:500", "core=-1"], ["nofile=2:1", "nofiles=1"]),
  security_opts: strings(["seccomp=unconfined", "no-new-privileges", "apparmor=x"], ["seccomp=", "secomp=x"]),
  env: fc.dictionary(fc.constantFrom("A", "B"), mostlyValidString, { maxKeys: 2 }),
  privileged: fc.boolean(),
  command: mostlyValidString,
}, { requiredKeys: ["name", "image"] });
const typedTree = fc.array(typedPlatform, { minLength: 1, maxLength: 2 }).map((platforms) => ({ driver: { name: "docker" }, platforms: platforms.map((p, i) => ({ ...p, name: `${p.name}${i}` })) }));
const randomTree = fc.record({
  top: fc.dictionary(fc.oneof(fc.constantFrom(...keysOf(CONFIG_SCHEMA)), fc.string({ maxLength: 6 })), value, { maxKeys: 5 }),
  platforms: fc.array(platform, { maxLength: 3 }),
}).map(({ top, platforms }) => ({ driver: { name: "docker" }, ...top, platforms }));
// typed trees weigh more, so that loading is exercised in every run and not only refusals
const tree = fc.oneof({ arbitrary: typedTree, weight: 2 }, { arbitrary: randomTree, weight: 1 });
// damage to the text: tabs, unclosed quotes and braces, stray colons, truncation
const damage = fc.option(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), piece: fc.oneof(interpolation, fc.constantFrom("\t", "'", "\"", "{", "[", ": ", "\n  - ", "&a", "*a", "!!binary ", "<<: *b", "\u0000")) }), { nil: undefined, freq: 2 });

describe("fuzzed molecule.yml", () => {
  it("loads, or every error names file:line; nothing is written", async () => {
    let loaded = 0;
    let refused = 0;
    await fc.assert(fc.asyncProperty(tree, damage, fc.dictionary(fc.constantFrom("X", "Y", "HOME"), fc.string({ maxLength: 6 })), async (data, dmg, env) => {
      let text = stringify(data);
      if (dmg) text = insertAt(text, dmg.at, dmg.piece);
      const result = await validateProject({ "molecule/default/molecule.yml": text }, (dir) => ({ env: { PATH: "/usr/bin:/bin", HOME: join(dir, "home"), ...env } }));
      expect(listing(result.dir)).toEqual(["molecule", "molecule/default", "molecule/default/molecule.yml"]);
      if (result.config) {
        loaded++;
        expect(result.errors).toEqual([]);
        return;
      }
      refused++;
      expect(result.errors.length).toBeGreaterThan(0);
      for (const e of result.errors) {
        expect(e.file, e.message).toMatch(/molecule\.yml$/);
        expect(e.line).toBeGreaterThanOrEqual(1);
        expect(e.message).not.toMatch(/\n\s+at /);
      }
    }), fuzzParameters(120));
    console.log(`molecule.yml fuzz: ${loaded} loaded, ${refused} refused`);
    expect(loaded).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  }, FUZZ_TIMEOUT);
});

const lineKinds = fc.oneof(
  fc.tuple(fc.constantFrom("FROM", "RUN", "ENV", "ARG", "COPY", "ADD", "WORKDIR", "USER", "LABEL", "CMD", "ENTRYPOINT", "SHELL", "EXPOSE", "VOLUME", "STOPSIGNAL", "ONBUILD", "HEALTHCHECK", "MAINTAINER", "from", "FRM", "COPY --from=build", "RUN --mount=type=cache", "FROM --platform=linux/amd64"),
    fc.oneof(interpolatedString, fc.constantFrom("", "[\"a\", \"b\"]", "[\"a\",", "debian:bookworm", "A=1 B=\"two words\"", "\\", "src dst", "# not a comment"))).map(([i, a]) => `${i} ${a}`),
  fc.constantFrom("", "# comment", "\\", "   ", "\t", "RUN echo a \\", "  && echo b"),
  fc.string({ maxLength: 20 }),
);

describe("fuzzed inputs to the one grammar of each", () => {
  it("Dockerfiles parse, or a ConfigError names Dockerfile:line", () => {
    fc.assert(fc.property(fc.array(lineKinds, { maxLength: 12 }), (lines) => {
      try {
        const out = parseDockerfile(lines.join("\n"), "Dockerfile");
        expect(out.some((ins) => ins.cmd === "FROM")).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        expect((e as ConfigError).location).toMatch(/^Dockerfile(:\d+)?$/);
      }
    }), fuzzParameters(400));
   }, FUZZ_TIMEOUT);

  const refChars = fc.constantFrom(..."abcz09AZ:/@.-_[]", "sha256:", "localhost:5000/", "docker.io/", "a".repeat(64), "@sha256:" + "b".repeat(64));
  it("image references parse and print back to themselves, or an InvalidReferenceError says why", () => {
    fc.assert(fc.property(fc.oneof(fc.array(refChars, { maxLength: 10 }).map((a) => a.join("")), fc.string({ maxLength: 30 })), (ref) => {
      try {
        const parsed = parseReference(ref);
        expect(parseReference(formatReference(parsed))).toEqual(parsed);
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidReferenceError);
      }
    }), fuzzParameters(1000));
   }, FUZZ_TIMEOUT);

  const portChars = fc.constantFrom(..."0123456789:-/[]", "tcp", "udp", "sctp", "127.0.0.1", "::1", "65535", "65536", "0", " ");
  it("published ports parse into ports 1-65535, or a message says why (never a throw)", () => {
    fc.assert(fc.property(fc.oneof(fc.array(portChars, { maxLength: 8 }).map((a) => a.join("")), fc.integer(), fc.string({ maxLength: 12 })), (spec) => {
      const r = parsePortSpecs(spec);
      if (typeof r === "string") return;
      for (const p of r) {
        expect(p.containerPort).toBeGreaterThanOrEqual(1);
        expect(p.containerPort).toBeLessThanOrEqual(65535);
        if (p.hostPort !== undefined) expect(p.hostPort).toBeGreaterThanOrEqual(1);
      }
    }), fuzzParameters(1000));
   }, FUZZ_TIMEOUT);

  const volumeChars = fc.constantFrom(..."/:.~a,", "ro", "rw", "Z", "nocopy", "data", "/srv", "./x", "-", " ");
  it("volumes, ulimits and security options parse or say why; a parsed volume's destination is absolute", () => {
    const text = (chars: fc.Arbitrary<string>) => fc.oneof(fc.array(chars, { maxLength: 8 }).map((a) => a.join("")), fc.string({ maxLength: 16 }));
    fc.assert(fc.property(text(volumeChars), (spec) => {
      const r = parseVolumeSpec(spec);
      if (typeof r !== "string") expect(r.destination.startsWith("/")).toBe(true);
    }), fuzzParameters(1000));
    fc.assert(fc.property(text(fc.constantFrom(..."=:-1 0", "nofile", "nproc", "core", "unlimited", "99999999999999999999")), (spec) => {
      const r = parseUlimit(spec);
      if (typeof r !== "string") expect(r.soft).toBeLessThanOrEqual(r.hard);
    }), fuzzParameters(1000));
    fc.assert(fc.property(fc.array(text(fc.constantFrom(..."=:", "seccomp", "unconfined", "no-new-privileges", "true", "apparmor", "label", "systempaths", "/p.json")), { maxLength: 3 }), (opts) => {
      const r = parseSecurityOpts(opts);
      expect(typeof r === "string" || typeof r === "object").toBe(true);
    }), fuzzParameters(1000));
   }, FUZZ_TIMEOUT);
});
