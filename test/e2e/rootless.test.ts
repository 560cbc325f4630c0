// End to end without root: a `useradd`ed user (subordinate ids from /etc/subuid, /etc/subgid) runs
// `isomer test -s systemd` of scenarios/webserver (or of scenarios/units: ROLES below), bookworm +
// trixie built from Dockerfile.j2, systemd as PID 1, not privileged, in a copy it owns, with its own store under
// ~/.local/share/isomer, seeded by importing root's base images (no download, no bootstrap). With
// ISOMER_E2E_ROOTLESS_SEED_BUILDS=1 (the pure-v2 guest's rootless suite, test/hosts/suites.mjs) the
// scenario's two built images and root's build-cache entries for them are seeded too, so the user's
// Dockerfile builds are cache hits: under TCG the two builds' apt-get took ~520 s of the suite. The
// build steps still run as the user here in `npm test`, and the pure-v2 case a rootless build step
// hit (a cgroup mount over a /sys bound from the host) is test/integration/runtime's, which the
// guest's runtime suite runs.
// systemd needs a cgroup it may write: root delegates one to the user as an administrator would
// (a directory in every hierarchy, v1 or v2, chowned to the user, the user's isomer started in
// it), so the test makes no assumption about the host's cgroup layout. Then a second user tries
// to list, exec into, kill and destroy the first user's running instances and to read and write
// its store, and fails at each; the first user's destroy leaves nothing. Without the delegated
// cgroup, create refuses the systemd platforms up front (exit 2). Root only prepares,
// looks from outside and removes the users, the cgroups and the files afterwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ensureImageOrRecipe } from "../../src/build/index.js";
import { packageRoot, runtimeBinary } from "../../src/util/paths.js";
import { adminPath, which } from "../../src/util/which.js";
import { delegateCgroup, type DelegatedCgroup } from "../helpers/delegated-cgroup.js";
import { scenarioLeftovers } from "../helpers/leftovers.js";
import { seedBuildCache, seedLayout } from "../helpers/store-seed.js";
import { loadScenarioConfig } from "../../src/config/index.js";
import { buildPlatformImage } from "../../src/drivers/isomer/image.js";
import { unprivilegedUser, type UnprivilegedUser } from "../helpers/unprivileged-user.js";
import { CLI, e2eSkipReason, recordedResources } from "./cli.js";

// The role and systemd scenario the user tests: scenarios/webserver's `systemd` (nginx from Debian's
// packages), or with ISOMER_E2E_ROOTLESS_ROLE=units scenarios/units' `default` (a unit file, no
// package), which the pure-v2 guest's rootless suite runs: apt under TCG would be most of its time
// there, and the guest's root `systemd` suite converges the webserver already. Both have the same
// two platforms, the same Dockerfile.j2 and a verify task that reaches the other instance by name.
const ROLES = {
  webserver: { scenario: "systemd", activeTask: "nginx is active" },
  units: { scenario: "default", activeTask: "The unit is active" },
} as const;
const ROLE_NAME = (process.env.ISOMER_E2E_ROOTLESS_ROLE ?? "webserver") as keyof typeof ROLES;
if (!(ROLE_NAME in ROLES)) throw new Error(`ISOMER_E2E_ROOTLESS_ROLE: \`${ROLE_NAME}\` is none of ${Object.keys(ROLES).join(", ")}`);
const { scenario: SCENARIO, activeTask: ACTIVE_TASK } = ROLES[ROLE_NAME];
const ROLE = join(packageRoot(), "scenarios", ROLE_NAME);
const IMAGES = ["debian:bookworm", "debian:trixie"];
const PREFIX = "isomer-test-rl";
// an ordinary user's PATH on Debian (no /usr/sbin), plus wherever this node lives
const USER_PATH = [...new Set([dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"])].join(":");

function skipReason(): string | undefined {
  const base = e2eSkipReason(); // root prepares the users, the cgroup and the seed
  if (base) return base;
  for (const [tool, pkg] of [["newuidmap", "uidmap"], ["newgidmap", "uidmap"], ["pasta", "passt"]] as const)
    if (!which(tool, { PATH: adminPath() })) return `needs \`${tool}\` (Debian package ${pkg}; scripts/setup.sh installs it)`;
  return undefined;
}

// The live processes of `uid` (nothing of a destroyed scenario may outlive it; a zombie is
// already gone but for its parent's wait).
function processesOf(uid: number): string[] {
  return readdirSync("/proc").filter((name) => /^\d+$/.test(name)).flatMap((pid) => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8").split("\n");
      const field = (name: string) => status.find((l) => l.startsWith(`${name}:`))?.split(/\s+/)[1];
      if (Number(field("Uid")) !== uid || ["Z", "X"].includes(field("State") ?? "")) return [];
      return [`${pid}: ${readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim()}`];
    } catch {
      return [];
    }
  });
}

const entries = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

// PID 1 is systemd with logind on a pure-v2 host: `loginctl enable-linger` gives a user its own manager.
function userManagerHost(): boolean {
  return existsSync("/run/systemd/system") && which("loginctl", { PATH: adminPath() }) !== undefined
    && readFileSync("/proc/self/mountinfo", "utf8").split("\n").some((l) => / \/sys\/fs\/cgroup .* - cgroup2 /.test(l));
}
const skip = skipReason();

// Root's own builds of the systemd scenario's Dockerfile images (hits of its build cache where the
// host or test:hosts built them before), for seeding the user's store: their refs.
async function rootBuilds(): Promise<string[]> {
  const { config } = await loadScenarioConfig({ projectDir: ROLE, scenarioName: SCENARIO });
  const refs: string[] = [];
  for (const platform of config.platforms.filter((p) => p.pre_build_image === false))
    refs.push((await buildPlatformImage(dirname(config.configFile), platform, { log: () => undefined })).ref);
  return refs;
}

describe.skipIf(skip !== undefined)(`isomer test -s ${SCENARIO} of scenarios/${ROLE_NAME} as an ordinary user`, () => {
  let user: UnprivilegedUser;
  let other: UnprivilegedUser;
  let cgroup: DelegatedCgroup | undefined;
  let seed: string | undefined;
  let role: string;
  let ephemeral: string;
  let lingering = false;
  let seededEntries: number | undefined; // build-cache entries seeded from root's (ISOMER_E2E_ROOTLESS_SEED_BUILDS=1)
  const stopUserManager = () => {
    if (!lingering) return;
    execFileSync("loginctl", ["disable-linger", user.name]);
    execFileSync("systemctl", ["stop", `user@${user.uid}.service`]);
    lingering = false;
  };
  const home = () => join(user.home, ".local/share/isomer");
  const runtimeRoot = () => join(home(), "runtime"); // no XDG_RUNTIME_DIR: the runtime's default under the home

  // `isomer ARGS` as `who` in the user's copy of the role, with the user's scenario state
  const isomer = (who: UnprivilegedUser, args: string[], wrap?: (argv: string[]) => string[], env: Record<string, string> = {}) =>
    who.run(["node", CLI, ...args], {
      cwd: role, reject: false, all: true, stdin: "ignore",
      env: { PATH: USER_PATH, ISOMER_CONTAINER_PREFIX: PREFIX, MOLECULE_EPHEMERAL_DIRECTORY: ephemeral, ANSIBLE_FORCE_COLOR: "0", NO_COLOR: "1", ...env },
    }, wrap);

  // what a run of the user may not leave: processes, runtime state, bundles, container cgroups, state
  // resources. A process that is still exiting when isomer returns (its cmdline already empty, not
  // yet a zombie) is given a few seconds to go; whatever is there after that is a leftover.
  async function leftovers(root = runtimeRoot()): Promise<string[]> {
    let found = await leftoversNow(root);
    for (let i = 0; i < 20 && found.length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      found = await leftoversNow(root);
    }
    return found;
  }
  async function leftoversNow(root: string): Promise<string[]> {
    return [
      ...processesOf(user.uid),
      ...entries(root).map((id) => `runtime-state ${id}`),
      ...entries(join(home(), "containers")).map((id) => `bundle ${id}`),
      ...(cgroup?.children() ?? []).map((dir) => `cgroup ${dir}`),
      ...recordedResources(ephemeral).map((r) => `state ${JSON.stringify(r)}`),
      ...(await scenarioLeftovers({ prefix: PREFIX, ephemeralDir: ephemeral, instances: ["bookworm", "trixie"] })),
    ];
  }

  beforeAll(async () => {
    user = unprivilegedUser("isomer-e2e-rl");
    other = unprivilegedUser("isomer-e2e-rl2");
    for (const ref of IMAGES) await ensureImageOrRecipe(ref, { log: () => undefined });
    seed = mkdtempSync(join(tmpdir(), "isomer-test-rl-seed-"));
    chmodSync(seed, 0o755);
    const seedBuilds = process.env.ISOMER_E2E_ROOTLESS_SEED_BUILDS === "1";
    const built = seedBuilds ? await rootBuilds() : [];
    const taken = seedLayout(seed, [...IMAGES, ...built]);
    const imported = await user.run(["node", CLI, "image", "import", seed], { reject: false, all: true, cwd: user.home, env: { PATH: USER_PATH } });
    if (imported.exitCode !== 0) throw new Error(`the user's \`isomer image import\` of the seed failed:\n${imported.all}`);
    if (seedBuilds) {
      seededEntries = seedBuildCache(home(), taken, user);
      console.log(`rootless: seeded ${built.join(", ")} and ${seededEntries} build-cache entries from root's store (ISOMER_E2E_ROOTLESS_SEED_BUILDS=1)`);
    }
    role = join(user.home, ROLE_NAME);
    cpSync(ROLE, role, { recursive: true });
    execFileSync("chown", ["-R", `${user.uid}:${user.gid}`, role]);
    ephemeral = join(user.home, "ephemeral-systemd");
    cgroup = delegateCgroup(`isomer-test-delegated-${process.pid}`, user.uid, user.gid); // not PREFIX: the inventory would count it
  });

  afterAll(async () => {
    if (user && role) await isomer(user, ["destroy", "-s", SCENARIO], cgroup?.wrap);
    stopUserManager();
    await cgroup?.remove();
    if (seed) rmSync(seed, { recursive: true, force: true });
    user?.remove();
    other?.remove();
  });

  it("passes with systemd as PID 1 in both distributions and leaves nothing", async () => {
    const started = performance.now();
    const result = await isomer(user, ["test", "-s", SCENARIO], cgroup!.wrap);
    console.log(`rootless isomer test -s ${SCENARIO} of ${ROLE_NAME}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(result.all).toMatch(/bookworm: started `[^`]+` at [\d.]+ with systemd as PID 1/);
    expect(result.all).toMatch(/trixie: started `[^`]+` at [\d.]+ with systemd as PID 1/);
    expect(result.all).toMatch(/package cache not used without root/);
    expect(result.all).toMatch(new RegExp(`TASK \\[${ACTIVE_TASK}\\][^]*ok: \\[bookworm\\]`));
    expect(result.all).toMatch(/TASK \[The other instance is reachable by name\][^]*ok: \[trixie\]/);
    expect(result.all).toMatch(new RegExp(`${SCENARIO}\\s+verify\\s+trixie\\s+ok`));
    expect(result.exitCode, String(result.all)).toBe(0);
    // seeded: every build step was a hit (a step that runs saves a new entry)
    if (seededEntries !== undefined) expect(entries(join(home(), "build-cache")).length).toBe(seededEntries);
    expect(await leftovers()).toEqual([]);
  });

  // A laptop's way: no administrator made a cgroup for the user, but the user's own systemd manager
  // runs (a login session; here `loginctl enable-linger`), and user@<uid>.service is delegated to the
  // user, so isomer-runtime makes each container a scope of that manager. Only where PID 1 is
  // systemd on a pure-v2 host: the guest of `npm run test:hosts` (this hybrid host has no systemd).
  // ~22 min under TCG (the converge's apt without the package cache): its own guest suite,
  // `rootless-user-manager` (test/hosts/suites.mjs), sets ISOMER_E2E_USER_MANAGER=1.
  it.skipIf(!userManagerHost() || process.env.ISOMER_E2E_USER_MANAGER !== "1")("passes in scopes of the user's own systemd manager, with no cgroup delegated by an administrator", async () => {
    const runtimeDir = `/run/user/${user.uid}`;
    execFileSync("loginctl", ["enable-linger", user.name]);
    lingering = true;
    try {
      const socket = join(runtimeDir, "systemd", "private");
      for (let i = 0; i < 600 && !existsSync(socket); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(existsSync(socket), `${socket} after enable-linger`).toBe(true);
      const result = await isomer(user, ["test", "-s", SCENARIO], undefined, { XDG_RUNTIME_DIR: runtimeDir });
      expect(result.all).toMatch(/cgroups: isomer runs in a scope of your systemd user manager/);
      expect(result.all).toMatch(/bookworm: started `[^`]+` at [\d.]+ with systemd as PID 1/);
      expect(result.all).toMatch(/trixie: started `[^`]+` at [\d.]+ with systemd as PID 1/);
      expect(result.all).toMatch(new RegExp(`${SCENARIO}\\s+verify\\s+trixie\\s+ok`));
      expect(result.exitCode, String(result.all)).toBe(0);
      const slice = `/sys/fs/cgroup/user.slice/user-${user.uid}.slice/user@${user.uid}.service/isomer.slice`;
      // each isomer run's scope ends with its last process (systemd notices the empty cgroup)
      for (let i = 0; i < 50 && entries(slice).some((name) => name.endsWith(".scope")); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(entries(slice).filter((name) => name.endsWith(".scope"))).toEqual([]);
      expect(entries(join(runtimeDir, "isomer", "runtime"))).toEqual([]);
    } finally {
      await isomer(user, ["destroy", "-s", SCENARIO], undefined, { XDG_RUNTIME_DIR: runtimeDir }); // after a failure above
      stopUserManager();
    }
    expect(await leftovers()).toEqual([]); // the manager's own processes are gone with it
  });

  it("refuses systemd as PID 1 at create, exit 2, when no cgroup is delegated, and destroy leaves nothing", async () => {
    const created = await isomer(user, ["create", "-s", SCENARIO]); // not in the delegated cgroup
    expect(created.exitCode, String(created.all)).toBe(2);
    expect(created.all).toMatch(/platform `bookworm` runs systemd as PID 1, which without root needs a cgroup delegated to you/);
    expect(created.all).not.toMatch(/\n\s+at /); // no stack trace
    const destroy = await isomer(user, ["destroy", "-s", SCENARIO]);
    expect(destroy.exitCode, String(destroy.all)).toBe(0);
    expect(await leftovers()).toEqual([]);
  });

  it("keeps a second user away from the first user's instances and store", async () => {
    const created = await isomer(user, ["create", "-s", SCENARIO], cgroup!.wrap);
    expect(created.exitCode, String(created.all)).toBe(0);
    const ids = entries(runtimeRoot());
    expect(ids.length).toBe(2);
    const state = async (id: string) => JSON.parse(String((await user.run([runtimeBinary(), "--root", runtimeRoot(), "state", id], { reject: false })).stdout || "{}")) as { status?: string; pid?: number };
    const pid = (await state(ids[0]!)).pid!;
    const denied = async (argv: string[]) => {
      const r = await other.run(argv, { reject: false, all: true, cwd: other.home, env: { PATH: USER_PATH } });
      return { code: r.exitCode, all: String(r.all) };
    };
    const runtime = (args: string[]) => denied([runtimeBinary(), "--root", runtimeRoot(), ...args]);
    for (const args of [["list"], ["state", ids[0]!], ["exec", ids[0]!, "true"], ["kill", ids[0]!, "KILL"], ["delete", "--force", ids[0]!]]) {
      const r = await runtime(args);
      expect(r.code, `isomer-runtime ${args.join(" ")}: ${r.all}`).not.toBe(0);
      expect(r.all).toMatch(/Permission denied|not permitted/i);
    }
    expect((await denied(["kill", "-KILL", String(pid)])).code).not.toBe(0); // the container's init
    expect((await denied(["nsenter", "-t", String(pid), "-a", "true"])).code).not.toBe(0);
    expect((await denied(["cat", join(home(), "store", "index.json")])).all).toMatch(/Permission denied/);
    expect((await denied(["ls", join(home(), "layers")])).all).toMatch(/Permission denied/);
    expect((await denied(["touch", join(home(), "store", "blobs", "x")])).code).not.toBe(0);
    const destroyed = await isomer(other, ["destroy", "-s", SCENARIO]);
    expect(destroyed.exitCode, String(destroyed.all)).not.toBe(0);
    for (const id of ids) expect((await state(id)).status).toBe("running");
    const destroy = await isomer(user, ["destroy", "-s", SCENARIO], cgroup!.wrap);
    expect(destroy.exitCode, String(destroy.all)).toBe(0);
    expect(await leftovers()).toEqual([]);
    // the built images' layers hold the mapped ids of the build's users: removing them works too
    const layers = () => entries(join(home(), "layers", "sha256")).filter((name) => /^[a-f0-9]{64}$/.test(name));
    const before = layers().length;
    const removed = await user.run(["node", CLI, "image", "rm", "molecule_local/debian:bookworm", "molecule_local/debian:trixie"], { reject: false, all: true, cwd: user.home, env: { PATH: USER_PATH } });
    expect(removed.exitCode, String(removed.all)).toBe(0);
    expect(layers().length).toBe(before - 2);
  });
});
