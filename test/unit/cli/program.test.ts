// Parsing only: the sequence/list commands are replaced by recorders (the real ones are covered by
// the runner tests and the engine integration test).
import { describe, it, expect, vi, beforeEach } from "vitest";
import { CommanderError } from "commander";

const calls: { verb: string; args: unknown[] }[] = [];
vi.mock("../../../src/commands/sequence.js", () => ({
  sequenceCommand: async (...args: unknown[]) => void calls.push({ verb: "sequence", args }),
}));
vi.mock("../../../src/commands/list.js", () => ({
  list: async (...args: unknown[]) => void calls.push({ verb: "list", args }),
}));
vi.mock("../../../src/commands/image/index.js", () => ({
  imagePull: async (...args: unknown[]) => void calls.push({ verb: "image pull", args }),
  imageBuild: async (...args: unknown[]) => void calls.push({ verb: "image build", args }),
}));
vi.mock("../../../src/commands/ci/init.js", () => ({
  ciInit: async (...args: unknown[]) => void calls.push({ verb: "ci init", args }),
}));

const { createProgram } = await import("../../../src/cli/program.js");
const { exitCodeOf } = await import("../../../src/cli/report-error.js");

async function parse(...argv: string[]) {
  await createProgram({ projectDir: "/p", write: () => {}, writeErr: () => {} }).parseAsync(["node", "isomer", ...argv]);
  return calls.at(-1)!;
}

describe("isomer command line", () => {
  beforeEach(() => void (calls.length = 0));

  it("runs the test sequence with Molecule's flags and destroy always by default", async () => {
    const call = await parse("test", "-s", "web", "--platform-name", "deb", "-d", "delegated", "--report", "j.xml");
    expect(call.args[0]).toBe("test");
    expect(call.args[1]).toMatchObject({ scenarioName: "web", platformName: "deb", driverName: "delegated", report: "j.xml", destroy: "always", all: false, projectDir: "/p" });
  });

  it("collects -s and --exclude as Molecule 26 (repeatable, globs kept for the selection)", async () => {
    const call = await parse("test", "-s", "web*", "-s", "group/db", "--exclude", "web-old", "--exclude", "x?");
    expect(call.args[1]).toMatchObject({ scenarioName: "web*", scenarioNames: ["web*", "group/db"], exclude: ["web-old", "x?"] });
  });

  it("takes Molecule 25.7's --shared-state where scenario selection applies (off by default)", async () => {
    expect((await parse("test", "--all", "--shared-state")).args[1]).toMatchObject({ all: true, sharedState: true });
    expect((await parse("converge", "-s", "role1", "--shared-state")).args[1]).toMatchObject({ scenarioName: "role1", sharedState: true });
    expect((await parse("destroy", "--shared-state")).args[1]).toMatchObject({ sharedState: true });
    expect((await parse("verify")).args[1]).toMatchObject({ sharedState: false });
  });

  it("parses Molecule 26's --workers (a number, cpus, cpus-1) and --continue-on-failure; a bad count is a usage error", async () => {
    expect((await parse("test", "--all", "--workers", "3", "--continue-on-failure")).args[1]).toMatchObject({ workers: 3, continueOnFailure: true });
    expect((await parse("converge", "--workers", "cpus")).args[1]).toMatchObject({ workers: expect.any(Number) });
    expect((await parse("test", "--parallel")).args[1]).toMatchObject({ parallel: true, workers: undefined, continueOnFailure: false });
    const bad = await parse("test", "--workers", "many").catch((e: unknown) => e);
    expect(bad).toMatchObject({ exitCode: 2, message: expect.stringContaining("--workers many") });
  });

  it("passes --report-suite, which CI matrix entries use to name their JUnit suites", async () => {
    const call = await parse("test", "-s", "web", "-p", "deb", "--report", "junit/1.xml", "--report-suite", "web / deb / debian12");
    expect(call.args[1]).toMatchObject({ report: "junit/1.xml", reportSuite: "web / deb / debian12" });
  });

  it("builds a recipe with `image build --recipe NAME` (no context needed), and a Dockerfile with a context", async () => {
    expect((await parse("image", "build", "--recipe", "debian12-ansible")).args).toEqual([undefined, expect.objectContaining({ recipe: "debian12-ansible", tag: undefined })]);
    expect((await parse("image", "build", "-t", "x:1", ".")).args).toEqual([".", expect.objectContaining({ tag: "x:1", recipe: undefined })]);
  });

  it("parses `ci init SYSTEM` with its axes and refuses an unknown CI system", async () => {
    const call = await parse("ci", "init", "github", "--env", "MOLECULE_DISTRO=debian11,debian12", "-s", "default", "--force");
    expect(call.args[0]).toMatchObject({ system: "github", force: true, scenarios: ["default"], env: [{ key: "MOLECULE_DISTRO", values: ["debian11", "debian12"] }], projectDir: "/p" });
    await expect(parse("ci", "init", "jenkins")).rejects.toThrow(/jenkins/);
  });

  it("maps side-effect to the side_effect sequence and passes args after -- to ansible-playbook", async () => {
    const call = await parse("side-effect", "--", "-vvv", "--tags", "x");
    expect(call.args[0]).toBe("side_effect");
    expect(call.args[1]).toMatchObject({ ansibleArgs: ["-vvv", "--tags", "x"] });
  });

  it("accepts global options before and after the command", async () => {
    const call = await parse("--debug", "-c", "base1.yml", "converge", "--base-config", "base2.yml", "-e", "env.yml");
    expect(call.args[1]).toMatchObject({ debug: true, baseConfig: ["base1.yml", "base2.yml"], envFile: "env.yml" });
  });

  it("takes --all --parallel --destroy never and --force where Molecule has them", async () => {
    expect((await parse("test", "--all", "--parallel", "--destroy", "never")).args[1]).toMatchObject({ all: true, parallel: true, destroy: "never" });
    expect((await parse("prepare", "--force")).args[1]).toMatchObject({ force: true });
    expect((await parse("create", "-f")).args[1]).toMatchObject({ force: true });
  });

  it("rejects a bad --destroy value and unknown options with exit code 2", async () => {
    for (const argv of [["test", "--destroy", "sometimes"], ["converge", "--bogus"], ["converge", "--force"], ["frobnicate"]]) {
      let error: unknown;
      try {
        await parse(...argv);
      } catch (e) {
        error = e;
      }
      expect(error, argv.join(" ")).toBeInstanceOf(CommanderError);
      expect(exitCodeOf(error)).toBe(2);
    }
  });

  it("passes list --format and reports help as exit 0", async () => {
    expect((await parse("list", "--format", "json")).args[0]).toMatchObject({ format: "json", all: true });
    let error: unknown;
    try {
      await parse("--help");
    } catch (e) {
      error = e;
    }
    expect(exitCodeOf(error)).toBe(0);
  });

  it("hands the Ctrl-C signal to `image pull`, so an interrupt cancels the download", async () => {
    const controller = new AbortController();
    await createProgram({ projectDir: "/p", signal: controller.signal, write: () => {}, writeErr: () => {} }).parseAsync(["node", "isomer", "image", "pull", "debian:bookworm"]);
    const call = calls.at(-1)!;
    expect(call.verb).toBe("image pull");
    expect((call.args[1] as { signal?: AbortSignal }).signal).toBe(controller.signal);
  });

  it("exits 130 when interrupted, whatever the error", () => {
    expect(exitCodeOf(new Error("x"), "SIGINT")).toBe(130);
    expect(exitCodeOf(new Error("x"), "SIGTERM")).toBe(143);
  });
});
