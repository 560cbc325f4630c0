// buildImage for real: FROM the bootstrapped bookworm test image, RUN in a container on the
// runtime ($ISOMER_RUNTIME, default native/build/isomer-runtime), ENV/ARG/WORKDIR/COPY/USER,
// a Jinja Dockerfile.j2 rendered with the platform as `item`, and the step cache on a rebuild.
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildImage } from "../../../src/build/index.js";
import { importArchive } from "../../../src/images/import/index.js";
import { runtimeBinary } from "../../../src/util/paths.js";
import { debianImage } from "../../helpers/debian.js";

const isRoot = process.getuid?.() === 0;
const ready = isRoot && existsSync("/usr/bin/mmdebstrap") && existsSync(runtimeBinary());
let context = "";
let base = "";

// The file at `path` in the merged view of `layers` (topmost first wins; whiteouts not needed here).
function findInLayers(layers: string[], path: string): string | undefined {
  for (const layer of [...layers].reverse()) if (existsSync(join(layer, path))) return join(layer, path);
  return undefined;
}

beforeAll(async () => {
  if (!ready) return;
  execFileSync("make", ["-s", "-C", "native"], { stdio: "inherit" });
  base = (await debianImage()).ref;
  context = mkdtempSync(join(tmpdir(), "isomer-test-build-"));
  mkdirSync(join(context, "files"));
  writeFileSync(join(context, "files", "app.conf"), "answer=42\n");
  writeFileSync(join(context, "files", "run.sh"), "#!/bin/sh\necho run\n", { mode: 0o755 });
});
afterAll(() => {
  if (context) rmSync(context, { recursive: true, force: true });
});

describe.skipIf(!ready)("buildImage", () => {
  const dockerfile = () => [
    `FROM ${base}`,
    "ARG GREETING=hello",
    "ENV APP_HOME=/opt/app",
    "WORKDIR $APP_HOME",
    "COPY files/ ./",
    'RUN echo "$GREETING from $(pwd)" > built.txt && useradd -u 1234 -m builder && rm /etc/motd',
    "USER builder",
    "RUN id -u > /tmp/whoami",
    'CMD ["/bin/sh", "-c", "cat built.txt"]',
    "LABEL org.example.role=test",
  ].join("\n");

  it("builds RUN/ENV/ARG/WORKDIR/COPY/USER steps into layers and config", async () => {
    writeFileSync(join(context, "Dockerfile"), dockerfile());
    const result = await buildImage({ idPrefix: "isomer-test-build", tag: "localhost/isomer-test-build/app:1", context, buildArgs: { GREETING: "hi" }, noCache: true });
    const { layers, config } = result.image;
    expect(config.env).toContain("APP_HOME=/opt/app");
    expect(config.env.some((e) => e.startsWith("GREETING="))).toBe(false);
    expect(config.workingDir).toBe("/opt/app");
    expect(config.user).toBe("builder");
    expect(config.cmd).toEqual(["/bin/sh", "-c", "cat built.txt"]);
    expect(config.labels["org.example.role"]).toBe("test");
    expect(readFileSync(findInLayers(layers, "opt/app/built.txt")!, "utf8")).toBe("hi from /opt/app\n");
    expect(readFileSync(findInLayers(layers, "opt/app/app.conf")!, "utf8")).toBe("answer=42\n");
    expect(lstatSync(findInLayers(layers, "opt/app/run.sh")!).mode & 0o777).toBe(0o755);
    expect(readFileSync(findInLayers(layers, "tmp/whoami")!, "utf8")).toBe("1234\n");
    expect(findInLayers(layers, "etc/passwd")).not.toBe(join(layers[0], "etc/passwd"));
    // the RUN that removed /etc/motd left an overlay whiteout in its layer
    const motd = lstatSync(findInLayers(layers, "etc/motd")!);
    expect(motd.isCharacterDevice() && motd.rdev === 0).toBe(true);
    expect(result.steps.filter((s) => !s.cached).length).toBeGreaterThan(5);
  });

  it("reuses every step from the cache on a second build, and only the changed ones after an edit", async () => {
    const again = await buildImage({ idPrefix: "isomer-test-build", tag: "localhost/isomer-test-build/app:2", context, buildArgs: { GREETING: "hi" } });
    expect(again.steps.every((s) => s.cached)).toBe(true);
    const edit = `answer=${Date.now()}-${Math.random()}\n`; // new on every run, so the COPY misses
    writeFileSync(join(context, "files", "app.conf"), edit);
    const edited = await buildImage({ idPrefix: "isomer-test-build", tag: "localhost/isomer-test-build/app:3", context, buildArgs: { GREETING: "hi" } });
    const firstMiss = edited.steps.findIndex((s) => !s.cached);
    expect(edited.steps[firstMiss].instruction).toMatch(/^COPY/);
    expect(readFileSync(findInLayers(edited.image.layers, "opt/app/app.conf")!, "utf8")).toBe(edit);
  });

  it("renders a Dockerfile.j2 with the platform as `item`, as Molecule does", async () => {
    writeFileSync(
      join(context, "Dockerfile.j2"),
      ["# Molecule managed", "FROM {{ item.image }}", "{% for var, value in item.env.items() %}", "ENV {{ var }} {{ value }}", "{% endfor %}", "RUN echo {{ item.name }} > /etc/platform-name"].join("\n"),
    );
    const result = await buildImage({ idPrefix: "isomer-test-build", tag: "localhost/isomer-test-build/j2:1", context, file: "Dockerfile.j2", noCache: true, platformVars: { name: "instance-1", image: base, env: { FOO: "bar" } } });
    expect(result.image.config.env).toContain("FOO=bar");
    expect(readFileSync(findInLayers(result.image.layers, "etc/platform-name")!, "utf8")).toBe("instance-1\n");
  });

  it("keeps the runtime's mount points out of a RUN layer when the image lacks them", async () => {
    const rootfs = join(context, "tiny");
    mkdirSync(join(rootfs, "bin"), { recursive: true });
    execFileSync("cp", ["/bin/busybox", join(rootfs, "bin/busybox")]);
    execFileSync("ln", ["-s", "busybox", join(rootfs, "bin/sh")]);
    execFileSync("tar", ["-cf", join(context, "tiny.tar"), "-C", rootfs, "."]);
    await importArchive(join(context, "tiny.tar"), { tag: "localhost/isomer-test-build/tiny:1" });
    writeFileSync(join(context, "Dockerfile.tiny"), "FROM localhost/isomer-test-build/tiny:1\nRUN echo x > /built\n");
    const result = await buildImage({ idPrefix: "isomer-test-build", tag: "localhost/isomer-test-build/tiny:2", context, file: "Dockerfile.tiny", noCache: true });
    expect(readdirSync(result.image.layers[1]).sort()).toEqual(["built"]);
  });

  it("fails a RUN with its exit code and output", async () => {
    writeFileSync(join(context, "Dockerfile.fail"), `FROM ${base}\nRUN echo boom >&2; exit 3\n`);
    await expect(buildImage({ idPrefix: "isomer-test-build", tag: "localhost/isomer-test-build/fail:1", context, file: "Dockerfile.fail" })).rejects.toThrow(/exit code 3[\s\S]*boom/);
  });
});
