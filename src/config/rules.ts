// Cross-field rules on the merged Written config (after the schema check): names that must be
// known, sequences, `scenario.name`, and the classic-vs-`ansible:` overlaps Molecule forbids.
import type { Diagnostic } from "./types.js";
import { ACTION_NAMES, DRIVER_NAMES, VERIFIER_NAMES } from "./defaults.js";
import { childPath } from "./check-schema.js";
import { didYouMean } from "./diagnostic.js";
import { platformRules } from "./rules-platforms.js";

const err = (path: string, message: string): Diagnostic => ({ severity: "error", path, message });
const list = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(", ");

function section(data: Record<string, unknown>, key: string): Record<string, unknown> {
  const v = data[key];
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

// Split a sequence entry `verify ../shared/checks.yml` into action and argument.
export function splitSequenceEntry(entry: string): { action: string; arg?: string } {
  const trimmed = entry.trim();
  const space = trimmed.search(/\s/);
  if (space < 0) return { action: trimmed };
  return { action: trimmed.slice(0, space), arg: trimmed.slice(space).trim() };
}

// Rules on the merged config `data` (defaults included) and `user` (the user's layers only).
export function configRules(data: Record<string, unknown>, user: Record<string, unknown>, scenarioDirName: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const driver = section(data, "driver");
  if (typeof driver.name === "string" && !(DRIVER_NAMES as readonly string[]).includes(driver.name)) {
    out.push(err("driver.name", `unknown driver \`${driver.name}\`${didYouMean(driver.name, DRIVER_NAMES)}: isomer runs ${list(DRIVER_NAMES)}`));
  }
  const provisioner = section(data, "provisioner");
  if (typeof provisioner.name === "string" && provisioner.name !== "ansible") {
    out.push(err("provisioner.name", `Expected \`provisioner.name\` to be \`ansible\` (the only provisioner), got \`${provisioner.name}\``));
  }
  const verifier = section(data, "verifier");
  if (typeof verifier.name === "string" && !(VERIFIER_NAMES as readonly string[]).includes(verifier.name)) {
    out.push(err("verifier.name", `unknown verifier \`${verifier.name}\`${didYouMean(verifier.name, VERIFIER_NAMES)}: isomer runs ${list(VERIFIER_NAMES)}`));
  }
  const dependency = section(data, "dependency");
  if (typeof dependency.name === "string" && !["galaxy", "shell"].includes(dependency.name)) {
    out.push(err("dependency.name", `unknown dependency manager \`${dependency.name}\`: use \`galaxy\` or \`shell\``));
  } else if (dependency.name === "shell" && typeof dependency.command !== "string") {
    out.push(err("dependency", "`dependency.name: shell` needs `dependency.command` (the command to run)"));
  }
  const scenario = section(data, "scenario");
  const userScenario = section(user, "scenario");
  if (typeof userScenario.name === "string" && userScenario.name !== scenarioDirName) {
    out.push(err("scenario.name", `Expected \`scenario.name\` to match the scenario directory \`${scenarioDirName}\`, got \`${userScenario.name}\`: rename the directory or remove \`scenario.name\``));
  }
  for (const [key, value] of Object.entries(scenario)) {
    if (!key.endsWith("_sequence") || !Array.isArray(value)) continue;
    value.forEach((entry: unknown, i) => {
      if (typeof entry !== "string") return;
      const { action } = splitSequenceEntry(entry);
      if (!(ACTION_NAMES as readonly string[]).includes(action)) {
        out.push(err(childPath(childPath("scenario", key), i), `unknown action \`${action}\` in \`scenario.${key}\`${didYouMean(action, ACTION_NAMES)}: allowed: ${list(ACTION_NAMES)}`));
      }
    });
  }
  const ansible = section(user, "ansible");
  const userProvisioner = section(user, "provisioner");
  const overlaps: [string, string][] = [["cfg", "config_options"], ["env", "env"], ["playbooks", "playbooks"]];
  for (const [a, p] of overlaps) {
    if (a in ansible && p in userProvisioner) out.push(err(`ansible.${a}`, `both \`ansible.${a}\` and \`provisioner.${p}\` are set: keep one (they are the same setting)`));
  }
  if ("executor" in ansible && "ansible_args" in userProvisioner && "args" in section(ansible, "executor")) {
    out.push(err("ansible.executor.args", "both `ansible.executor.args` and `provisioner.ansible_args` are set: keep one"));
  }
  out.push(...platformRules(data.platforms, !("ansible" in user)));
  out.push(...compatibilityWarnings(user));
  return out;
}

const warn = (path: string, message: string): Diagnostic => ({ severity: "warning", path, message });

// Keys Molecule accepts that isomer reads differently or not at all.
function compatibilityWarnings(user: Record<string, unknown>): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (typeof user.lint === "object" && user.lint !== null) {
    out.push(warn("lint", "`lint:` as a map is Molecule 3's form and is ignored: write the command, e.g. `lint: yamllint . && ansible-lint`"));
  }
  if (section(section(user, "ansible"), "executor").backend === "ansible-navigator") {
    out.push(warn("ansible.executor.backend", "isomer runs `ansible-playbook`; `ansible-navigator` and its arguments are ignored"));
  }
  if (section(user, "driver").provider !== undefined) {
    out.push(warn("driver.provider", "`driver.provider` is for Vagrant and is ignored by isomer"));
  }
  return out;
}
