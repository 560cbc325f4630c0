// isomer-runtime run by an ordinary user (root only creates the user, prepares a layer it owns and
// looks from outside): `unshare` execs the command in place as root of a user namespace with
// isomer's id mapping, and `create` gives a container a new user namespace through
// newuidmap/newgidmap, mounts its overlay rootfs itself inside the container's namespaces (the
// host's mount table never sees it), writes files as the mapped ids, keeps its state under the
// user's home, runs without cgroups (none is delegated here) and leaves nothing after delete.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { buildSpec } from "../../../src/runtime/spec.js";
import { rootlessIdMap, type IdMap } from "../../../src/util/idmap.js";
import { parseSubIds } from "../../../src/util/idmap.js";
import { runtimeBinary } from "../../../src/util/paths.js";
import { busyboxRootfs } from "../../helpers/busybox.js";
import { unprivilegedUser, type UnprivilegedUser } from "../../helpers/unprivileged-user.js";

const isRoot = process.getuid?.() === 0;
const USER = "isomer-rt-rootless";
const ID = `isomer-test-rt-rootless-${process.pid}`;

describe.skipIf(!isRoot)("isomer-runtime as an ordinary user", () => {
  let user: UnprivilegedUser;
  let idmap: IdMap;
  let bundle: string;
  let stateRoot: string;
  const binary = runtimeBinary();

  // `isomer-runtime ARGS` as the user (no XDG_RUNTIME_DIR: the state root defaults to the home).
  const runtime = (args: string[]) => user.run([binary, ...args], { reject: false, cwd: user.home, stdin: "ignore" });
  // `create` leaves the container behind with its stdio: files, or the caller would wait for it
  async function create(id: string): Promise<{ exitCode?: number; stderr: string }> {
    const [out, err] = [join(bundle, "create.out"), join(bundle, "create.err")];
    const redirect = 'exec "$0" "$@" >"$OUT" 2>"$ERR" </dev/null';
    const r = await user.run(["sh", "-c", redirect, binary, "create", "--bundle", bundle, id], { reject: false, cwd: user.home, stdio: "ignore", env: { OUT: out, ERR: err } });
    return { exitCode: r.exitCode, stderr: readFileSync(err, "utf8") };
  }
  const mapArgs = () => [
    ...idmap.uidMappings.map((m) => `--uid-map=${m.containerID}:${m.hostID}:${m.size}`),
    ...idmap.gidMappings.map((m) => `--gid-map=${m.containerID}:${m.hostID}:${m.size}`),
  ];

  beforeAll(async () => {
    user = unprivilegedUser(USER);
    const range = (file: string) => parseSubIds(readFileSync(file, "utf8"), USER, user.uid)!;
    idmap = rootlessIdMap(user.uid, user.gid, range("/etc/subuid"), range("/etc/subgid"));
    stateRoot = join(user.home, ".local/share/isomer/runtime");
    // a layer owned by the user, as one unpacked inside its user namespace is: root's files -> the user
    bundle = mkdtempSync(join(user.home, "bundle-"));
    cpSync(await busyboxRootfs(), join(bundle, "lower"), { recursive: true, verbatimSymlinks: true });
    execFileSync("chown", ["-R", `${user.uid}:${user.gid}`, bundle]);
    chmodSync(bundle, 0o755);
  });

  afterAll(async () => {
    if (user) {
      await runtime(["delete", "--force", ID]);
      rmSync(bundle, { recursive: true, force: true });
      user.remove();
    }
  });

  it("unshare runs the command in place as root of a user namespace with isomer's mapping", async () => {
    const started = runtime(["unshare", ...mapArgs(), "--", "sh", "-c", "echo $$; id -u; cat /proc/self/uid_map /proc/self/gid_map; mount -t tmpfs none /mnt && echo mounted"]);
    const r = await started;
    expect(r.stderr).toBe("");
    const [pid, uid, ...rest] = String(r.stdout).split("\n");
    expect(Number(pid)).toBe(started.pid); // exec in place: the command is the process the caller started
    expect(uid).toBe("0");
    const lines = rest.filter((l) => /^\s*\d/.test(l)).map((l) => l.trim().split(/\s+/).map(Number));
    const want = (m: IdMap["uidMappings"]) => m.map((x) => [x.containerID, x.hostID, x.size]);
    expect(lines).toEqual([...want(idmap.uidMappings), ...want(idmap.gidMappings)]);
    expect(r.stdout).toContain("mounted");
    expect(r.exitCode).toBe(0);
  });

  it("unshare refuses a mapping the user has no right to, naming newuidmap", async () => {
    const r = await runtime(["unshare", "--uid-map=0:0:1", "--", "true"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/newuidmap .*failed.*\/etc\/subuid/);
  });

  it("creates a container in a new user namespace on an overlay rootfs it mounts itself", async () => {
    const script = [
      "id -u", "cat /proc/self/uid_map", "echo hello > /root/by-root", "touch /tmp/by-one && chown 1:1 /tmp/by-one",
      "rm /bin/ls", "touch /tmp/done", "exec sleep 100000",
    ].join("; ");
    const spec = buildSpec({
      args: ["sh", "-c", script], hostname: "rootless",
      userNamespace: { mode: "new", idmap },
      rootfsOverlay: { lowerDirs: [join(bundle, "lower")], upper: join(bundle, "upper"), work: join(bundle, "work") },
    });
    writeFileSync(join(bundle, "config.json"), JSON.stringify(spec));
    execFileSync("sh", ["-c", `cd '${bundle}' && mkdir -p rootfs upper work && chown ${user.uid}:${user.gid} . config.json rootfs upper work`]);
    const created = await create(ID);
    expect(created.exitCode, String(created.stderr)).toBe(0);
    // said once, at create: nothing is delegated to this user on this host
    expect(created.stderr).toMatch(/note: rootless and no cgroup is delegated to you/);
    expect(existsSync(join(stateRoot, ID, "status.json"))).toBe(true);
    const state = JSON.parse(String((await runtime(["state", ID])).stdout)) as { pid: number; status: string };
    expect(state.status).toBe("created");
    expect(readFileSync(`/proc/${state.pid}/status`, "utf8")).toMatch(new RegExp(`^Uid:\\s+${user.uid}\\s`, "m"));
    // the rootfs is mounted in the container's mount namespace only
    expect(readFileSync("/proc/self/mountinfo", "utf8")).not.toContain(join(bundle, "rootfs"));
    expect((await runtime(["start", ID])).exitCode).toBe(0);
    const out = await runtime(["exec", ID, "sh", "-c", "until test -e /tmp/done; do sleep 0.05; done; id -u; cat /root/by-root; test -e /bin/ls || echo removed; grep -c '^overlay / overlay' /proc/self/mounts"]);
    expect(String(out.stdout).split("\n"), String(out.stderr)).toEqual(["0", "hello", "removed", "1"]);
    // files the container's root made belong to the user on the host; container uid 1 is the range's first
    expect(statSync(join(bundle, "upper/root/by-root")).uid).toBe(user.uid);
    expect(statSync(join(bundle, "upper/tmp/by-one")).uid).toBe(idmap.uidMappings[1]!.hostID);
    expect(statSync(join(bundle, "lower/bin/ls"), { throwIfNoEntry: false })).toBeDefined(); // the layer is untouched
    expect((await runtime(["delete", "--force", ID])).exitCode).toBe(0);
    expect(existsSync(join(stateRoot, ID))).toBe(false);
    let alive = true;
    for (let i = 0; i < 100 && alive; i++) {
      alive = existsSync(`/proc/${state.pid}`);
      if (alive) await new Promise((r) => setTimeout(r, 20));
    }
    expect(alive).toBe(false);
  });
});
