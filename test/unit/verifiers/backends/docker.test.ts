// docker/podman exec: no container engine runs on the build machines, so a stand-in `docker` /
// `podman` on PATH records its argv and runs the command locally (the test says so: it checks the
// command line isomer builds, not an engine).
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { backendFor } from "../../../../verifiers/backends/index.js";
import { Host } from "../../../../verifiers/host.js";

const dir = mkdtempSync(join(tmpdir(), "isomer-test-verifiers-engine-"));
for (const engine of ["docker", "podman"]) {
  writeFileSync(join(dir, engine), `#!/bin/sh\nprintf '%s\\n' "$@" > ${dir}/${engine}.argv\nwhile [ "$1" != /bin/sh ]; do shift; done\nexec "$@"\n`);
  chmodSync(join(dir, engine), 0o755);
}
process.env.PATH = `${dir}:${process.env.PATH}`;

describe("docker/podman exec backends", () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs `docker exec CONTAINER /bin/sh -c CMD` for docker-connection instances", async () => {
    const host = new Host(backendFor({ name: "web1", connection: "docker", vars: { ansible_host: "ctr-1" } }), { name: "web1" });
    const r = await host.run("echo %s; exit 4", "a b");
    expect([r.exitCode, r.stdout]).toEqual([4, "a b\n"]);
    expect(readFileSync(join(dir, "docker.argv"), "utf8").split("\n").slice(0, -1)).toEqual(["exec", "ctr-1", "/bin/sh", "-c", "echo 'a b'; exit 4"]);
  });

  it("passes the user and -i for stdin on podman", async () => {
    const backend = backendFor({ name: "db", connection: "podman", vars: { ansible_user: "postgres" } });
    const r = await backend.run("cat", { stdin: "in" });
    expect(r.stdout).toBe("in");
    expect(readFileSync(join(dir, "podman.argv"), "utf8").split("\n").slice(0, -1)).toEqual(["exec", "-i", "-u", "postgres", "db", "/bin/sh", "-c", "cat"]);
  });
});
