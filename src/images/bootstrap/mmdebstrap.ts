// The mmdebstrap command line for a bootstrap, and running it with a clear error when it is
// missing or fails. Pure argv building is separate so that it can be unit-tested.
import { execa } from "execa";
import { IsomerError, PrerequisiteError } from "../../errors.js";
import { isRootless } from "../../util/idmap.js";

// What a Debian bootstrap produces.
export interface DebianRootfsSpec {
  suite: string; // bookworm, trixie, ...
  include?: string[]; // extra packages
  mirror?: string; // e.g. http://deb.debian.org/debian; default: mmdebstrap's (deb.debian.org + -updates + security)
  variant?: string; // mmdebstrap variant, default minbase
  architecture?: string; // dpkg architecture, default the host's
}

// Bumped whenever the recipe (argv, hook) changes, so that cached images are rebuilt.
export const BOOTSTRAP_RECIPE = 2;

// Seconds since the epoch of 2000-01-01: the age we give /var/lib/apt/lists so that Ansible's
// `apt: update_cache: true, cache_valid_time: N` refreshes the (removed) lists.
export const OLD_APT_STAMP = 946684800;

// A shell hook run on the host after packages are installed ($1 = the rootfs): leave no copy of
// the host's hostname or resolv.conf (the runtime writes its own), clean apt's lists and caches
// like Docker's images do (mmdebstrap's own cleanup is skipped: it runs after the hooks and would
// touch the lists directory again), and date the lists directory back (the cache_valid_time
// pitfall, HOST-NOTES).
export const CUSTOMIZE_HOOK = [
  ': > "$1/etc/hostname"',
  'rm -f "$1/etc/resolv.conf" && : > "$1/etc/resolv.conf"',
  'find "$1/var/lib/apt/lists" -mindepth 1 -maxdepth 1 ! -name partial ! -name lock -exec rm -rf {} +',
  'find "$1/var/cache/apt" \\( -name "*.bin" -o -name "*.deb" \\) -type f -delete',
  `touch -d @${OLD_APT_STAMP} "$1/var/lib/apt/lists"`,
  `if [ -e "$1/var/lib/apt/periodic/update-success-stamp" ]; then touch -d @${OLD_APT_STAMP} "$1/var/lib/apt/periodic/update-success-stamp"; fi`,
].join(" && ");

// argv (without the program) for mmdebstrap writing a tarball of `spec` to `target` (*.tar).
export function mmdebstrapArgs(spec: DebianRootfsSpec, target: string): string[] {
  if (!/^[a-z][a-z0-9.-]*$/.test(spec.suite)) {
    throw new IsomerError("ISOMER_BOOTSTRAP_SUITE", `Expected a Debian suite name like \`bookworm\`, got \`${spec.suite}\``, { exitCode: 2 });
  }
  const args = [`--variant=${spec.variant ?? "minbase"}`, "--mode=root", "--format=tar", "--skip=cleanup/apt", `--customize-hook=${CUSTOMIZE_HOOK}`];
  const include = (spec.include ?? []).filter((p) => p.trim() !== "");
  if (include.length) args.push(`--include=${include.join(",")}`);
  if (spec.architecture) args.push(`--architectures=${spec.architecture}`);
  args.push(spec.suite, target);
  if (spec.mirror) args.push(spec.mirror);
  return args;
}

// Check that we can bootstrap here: root, and mmdebstrap installed.
export async function checkBootstrapPrerequisites(): Promise<void> {
  if (isRootless()) {
    throw new PrerequisiteError("bootstrapping a Debian image needs root (mmdebstrap runs apt and dpkg in a chroot, and layers keep their owners)", {
      hint: "run the command as root, e.g. `sudo isomer image bootstrap ...`",
    });
  }
  try {
    await execa("mmdebstrap", ["--version"]);
  } catch (e) {
    if ((e as { code?: string }).code === "ENOENT") {
      throw new PrerequisiteError("`mmdebstrap` is not installed; it builds Debian images without a registry", { hint: "install it with `apt-get install mmdebstrap`" });
    }
    throw e;
  }
}

// Run mmdebstrap for `spec` into the tarball `target`; `log` gets its output line by line.
export async function runMmdebstrap(spec: DebianRootfsSpec, target: string, log?: (line: string) => void): Promise<void> {
  const child = execa("mmdebstrap", mmdebstrapArgs(spec, target), { all: true, reject: false, env: { LC_ALL: "C.UTF-8" } });
  if (log) child.all?.setEncoding("utf8").on("data", (d: string) => d.split("\n").filter(Boolean).forEach(log));
  const result = await child;
  if (result.exitCode !== 0) {
    const tail = String(result.all ?? "").trim().split("\n").slice(-15).join("\n");
    throw new IsomerError("ISOMER_BOOTSTRAP_FAILED", `mmdebstrap failed for suite \`${spec.suite}\` (exit ${result.exitCode}):\n${tail}`, {
      hint: "check the suite and package names, and that the Debian mirror is reachable (`images.debian_mirror` in isomer's config.yml)",
    });
  }
}
