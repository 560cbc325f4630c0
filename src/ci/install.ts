// What a CI job runs before `isomer test`: the Debian/Ubuntu packages isomer drives and isomer
// itself (npm; `ISOMER_PACKAGE` names another spec: a git URL, a tarball, a version). One list for
// the GitHub and GitLab generators.

// Packages the embedded runtime, the provisioner and image bootstrap need on the runner.
export const RUNNER_PACKAGES = [
  "build-essential", "pkg-config", "libseccomp-dev", "libcap-dev", "zlib1g-dev",
  "ansible-core", "mmdebstrap", "debian-archive-keyring", "iptables", "iproute2", "uidmap", "ca-certificates", "curl",
];

// The npm spec installed when ISOMER_PACKAGE is not set.
export const DEFAULT_PACKAGE = "isomer";

// Shell lines installing the packages and isomer, as root (`sudo` prefix on GitHub's runners).
export function installLines(sudo: string): string[] {
  return [
    `${sudo}apt-get update -q`,
    `${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -q ${RUNNER_PACKAGES.join(" ")}`,
    `${sudo}npm install -g "\${ISOMER_PACKAGE:-${DEFAULT_PACKAGE}}"`,
  ];
}

// A file name for an entry's JUnit report: its name with everything but [A-Za-z0-9._-] as `-`.
export function reportFile(name: string): string {
  return `junit/${name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "")}.xml`;
}

// The argv (as shell words) running one entry; the entry's name names its JUnit suites.
export function testCommand(entry: { scenario: string; platform?: string }, report: string, suite: string): string {
  const quote = (s: string) => (/^[A-Za-z0-9._/:=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return ["isomer", "test", "-s", entry.scenario, ...(entry.platform ? ["-p", entry.platform] : []), "--report", report, "--report-suite", suite].map(quote).join(" ");
}
