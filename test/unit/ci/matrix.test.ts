// `isomer ci matrix` on fixture projects: scenarios x platforms x env axes, images interpolated
// per entry, excluded scenarios, the three output formats, and the CLI's parsing of the flags.
import { describe, it, expect, vi, beforeEach, afterEach } from "vitest";
import { join } from "node:path";
import { parse } from "yaml";
import { matrixEntries, ciMatrix } from "../../../src/commands/ci/matrix.js";
import { envCombinations, parseEnvAxis } from "../../../src/ci/matrix.js";
import { createProgram } from "../../../src/cli/program.js";
import { ConfigError } from "../../../src/errors.js";
import { tmpdir } from "../../helpers/tmpdir.js";

const DISTRO = `driver:
  name: docker
platforms:
  - name: instance
    image: "geerlingguy/docker-\${MOLECULE_DISTRO:-debian12}-ansible:latest"
    command: /lib/systemd/systemd
`;
const TWO = `driver:
  name: docker
platforms:
  - name: web
    image: debian:bookworm
  - name: db
    image: "debian:\${DB_SUITE:-trixie}"
`;
// A platform list that depends on the env: a second platform only for one distro.
const GROWS = `driver:
  name: docker
platforms:
  - name: a
    image: debian:bookworm
  - name: "b-\${MOLECULE_DISTRO:-none}"
    image: debian:bookworm
`;

let home: string;
beforeEach(() => {
  home = tmpdir();
  vi.stubEnv("HOME", home);
  vi.stubEnv("XDG_CACHE_HOME", join(home, "cache"));
  vi.stubEnv("MOLECULE_DISTRO", undefined);
  vi.stubEnv("DB_SUITE", undefined);
});
afterEach(() => vi.unstubAllEnvs());

function project() {
  return tmpdir({ "molecule/default/molecule.yml": DISTRO, "molecule/cluster/molecule.yml": TWO, "molecule/grows/molecule.yml": GROWS });
}

describe("ci matrix entries", () => {
  it("gives the default scenario's platforms with no flags, with the image after interpolation", async () => {
    const entries = await matrixEntries({ projectDir: project() });
    expect(entries).toEqual([{ scenario: "default", platform: "instance", image: "geerlingguy/docker-debian12-ansible:latest", env: {}, name: "default / instance" }]);
  });

  it("multiplies scenarios, platforms and env axes, interpolating each entry with its own env", async () => {
    const entries = await matrixEntries({ projectDir: project(), all: true, env: [parseEnvAxis("MOLECULE_DISTRO=debian11,debian13"), parseEnvAxis("DB_SUITE=bullseye")] });
    expect(entries.map((e) => [e.name, e.image])).toEqual([
      ["cluster / web / debian11 / bullseye", "debian:bookworm"],
      ["cluster / db / debian11 / bullseye", "debian:bullseye"],
      ["cluster / web / debian13 / bullseye", "debian:bookworm"],
      ["cluster / db / debian13 / bullseye", "debian:bullseye"],
      ["default / instance / debian11 / bullseye", "geerlingguy/docker-debian11-ansible:latest"],
      ["default / instance / debian13 / bullseye", "geerlingguy/docker-debian13-ansible:latest"],
      ["grows / a / debian11 / bullseye", "debian:bookworm"],
      ["grows / b-debian11 / debian11 / bullseye", "debian:bookworm"],
      ["grows / a / debian13 / bullseye", "debian:bookworm"],
      ["grows / b-debian13 / debian13 / bullseye", "debian:bookworm"],
    ]);
    expect(entries[0]!.env).toEqual({ MOLECULE_DISTRO: "debian11", DB_SUITE: "bullseye" });
    expect(new Set(entries.map((e) => e.name)).size).toBe(entries.length);
  });

  it("leaves excluded scenarios out and takes several -s", async () => {
    const dir = project();
    expect((await matrixEntries({ projectDir: dir, all: true, exclude: ["cluster", "grows"] })).map((e) => e.scenario)).toEqual(["default"]);
    expect((await matrixEntries({ projectDir: dir, scenarios: ["grows", "cluster"] })).map((e) => e.name)).toEqual(["cluster / web", "cluster / db", "grows / a", "grows / b-none"]);
  });

  it("gives one entry per scenario and env value with --per scenario", async () => {
    const entries = await matrixEntries({ projectDir: project(), scenarios: ["cluster"], per: "scenario", env: [parseEnvAxis("DB_SUITE=bookworm,trixie")] });
    expect(entries).toEqual([
      { scenario: "cluster", env: { DB_SUITE: "bookworm" }, name: "cluster / bookworm" },
      { scenario: "cluster", env: { DB_SUITE: "trixie" }, name: "cluster / trixie" },
    ]);
  });

  it("notes an axis that a scenario's config files never interpolate, once per scenario", async () => {
    const notes: string[] = [];
    await matrixEntries({ projectDir: project(), all: true, env: [parseEnvAxis("MOLECULE_DISTRO=debian11,debian13")], warn: (m) => notes.push(m) });
    expect(notes).toEqual(["note: no config file of scenario `cluster` interpolates `MOLECULE_DISTRO`; its entries differ only in that environment variable"]);
  });

  it("refuses unknown scenarios, an exclusion that leaves nothing, and bad or repeated axes", async () => {
    const dir = project();
    await expect(matrixEntries({ projectDir: dir, scenarios: ["nope"] })).rejects.toThrow(/Scenario `nope` not found/);
    await expect(matrixEntries({ projectDir: dir, exclude: ["default"] })).rejects.toThrow(/leaves no scenario/);
    expect(() => parseEnvAxis("MOLECULE_DISTRO")).toThrow(ConfigError);
    expect(() => parseEnvAxis("=a,b")).toThrow(/--env KEY=V1,V2/);
    expect(() => envCombinations([parseEnvAxis("A=1"), parseEnvAxis("A=2")])).toThrow(/given twice/);
  });

  it("reports a molecule.yml that an entry's env makes invalid with its file", async () => {
    const dir = tmpdir({ "molecule/default/molecule.yml": "platforms:\n  - name: x\n    image: ${IMG}\n    privileged: ${PRIV:-false}\n" });
    await expect(matrixEntries({ projectDir: dir, env: [parseEnvAxis("PRIV=yes-please")] })).rejects.toThrow(/molecule\.yml:4/);
  });
});

describe("ci matrix output", () => {
  it("prints one line {include:[...]} for GitHub with scenario, platform, env and name", async () => {
    let out = "";
    await ciMatrix({ projectDir: project(), env: [parseEnvAxis("MOLECULE_DISTRO=debian12")], format: "github", write: (t) => (out += t) });
    expect(out.trimEnd().split("\n")).toHaveLength(1);
    expect(JSON.parse(out)).toEqual({ include: [{ scenario: "default", platform: "instance", env: { MOLECULE_DISTRO: "debian12" }, name: "default / instance / debian12" }] });
  });

  it("prints the plain list as JSON", async () => {
    let out = "";
    await ciMatrix({ projectDir: project(), scenarios: ["cluster"], format: "json", write: (t) => (out += t) });
    expect(JSON.parse(out).map((e: { platform: string }) => e.platform)).toEqual(["web", "db"]);
  });

  it("prints a GitLab child pipeline with one job per entry, each running its entry with its variables", async () => {
    let out = "";
    await ciMatrix({ projectDir: project(), all: true, env: [parseEnvAxis("MOLECULE_DISTRO=debian11,debian12")], format: "gitlab", write: (t) => (out += t) });
    const doc = parse(out) as Record<string, Record<string, unknown>>;
    const jobs = Object.keys(doc).filter((k) => !k.startsWith(".") && k !== "stages" && k !== "variables");
    expect(jobs).toHaveLength(10);
    const job = doc["default / instance / debian11"]!;
    expect(job).toEqual({
      extends: ".isomer-entry",
      variables: { MOLECULE_DISTRO: "debian11" },
      script: ["isomer test -s default -p instance --report junit/default-instance-debian11.xml --report-suite 'default / instance / debian11'"],
    });
  });
});

describe("ci matrix command line", () => {
  it("parses repeated -s, --exclude, --env and --format into the command", async () => {
    const dir = project();
    let out = "";
    await createProgram({ projectDir: dir, write: (t) => (out += t), writeErr: () => {} })
      .parseAsync(["node", "isomer", "ci", "matrix", "--all", "--exclude", "grows", "--env", "MOLECULE_DISTRO=debian11,debian13", "--format", "github"]);
    expect(JSON.parse(out).include.map((e: { name: string }) => e.name)).toEqual([
      "cluster / web / debian11", "cluster / db / debian11", "cluster / web / debian13", "cluster / db / debian13",
      "default / instance / debian11", "default / instance / debian13",
    ]);
  });
});
