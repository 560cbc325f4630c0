// The 100 checks of the verifier benchmark, once per language: 20 rounds of a file, a package, a
// service, a user and a socket check. `tsChecks(host)` runs them through isomer's Host;
// `pythonChecks()` writes the same as pytest-testinfra tests (one test function per check).
const ROUNDS = 20;
const FILES = ["/etc/passwd", "/etc/group", "/etc/hostname", "/etc/os-release", "/etc/shadow"];
const PACKAGES = ["bash", "coreutils", "dpkg", "python3", "sudo"];
const USERS = ["root", "daemon", "nobody", "bin", "sys"];
export const PORT = 8080;

// [kind, argument] for every check, in order.
export function checkList() {
  const out = [];
  for (let i = 0; i < ROUNDS; i++) {
    const k = i % 5;
    out.push(["file", FILES[k]], ["package", PACKAGES[k]], ["service", "sudo"], ["user", USERS[k]], ["socket", `tcp://127.0.0.1:${PORT}`]);
  }
  return out;
}

// Run the checks on `host` (isomer/verifiers Host); throws on the first that does not hold.
export async function tsChecks(host) {
  for (const [kind, arg] of checkList()) {
    let ok;
    if (kind === "file") ok = (await host.file(arg).isFile) && (await host.file(arg).user) === "root";
    else if (kind === "package") ok = await host.package(arg).isInstalled;
    else if (kind === "service") ok = await host.service(arg).isEnabled;
    else if (kind === "user") ok = (await host.user(arg).exists) && (await host.user(arg).shell).length > 0;
    else ok = await host.socket(arg).isListening;
    if (!ok) throw new Error(`check failed: ${kind} ${arg}`);
  }
}

// The same checks as a pytest-testinfra module.
export function pythonChecks() {
  const body = checkList().map(([kind, arg], i) => {
    const a = JSON.stringify(arg);
    const expr = {
      file: `host.file(${a}).is_file and host.file(${a}).user == "root"`,
      package: `host.package(${a}).is_installed`,
      service: `host.service(${a}).is_enabled`,
      user: `host.user(${a}).exists and len(host.user(${a}).shell) > 0`,
      socket: `host.socket(${a}).is_listening`,
    }[kind];
    return `def test_${String(i).padStart(3, "0")}_${kind}(host):\n    assert ${expr}\n`;
  });
  return body.join("\n");
}
