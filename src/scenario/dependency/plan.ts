// The satisfied/missing decision of the dependency step, pure: each requirement is satisfied when
// a lookup finds it installed with a version that meets its specifier (collections; a role's
// `version:` is a tag, not comparable, so any installed role of that name counts), else missing.
import type { Requirement } from "./requirements.js";
import type { Found } from "./installed.js";
import { meetsSpec } from "./version-spec.js";

export interface Satisfied {
  requirement: Requirement;
  found: Found;
}

export interface Missing {
  requirement: Requirement;
  why: string; // "not installed" or "installed 1.0.0 at <path> does not meet >=2.0"
}

export interface DependencyPlan {
  satisfied: Satisfied[];
  missing: Missing[];
}

export interface Lookups {
  role(name: string): Found | undefined;
  collection(name: string): Found | undefined;
}

export function planDependencies(requirements: Requirement[], lookups: Lookups, force = false): DependencyPlan {
  const plan: DependencyPlan = { satisfied: [], missing: [] };
  for (const requirement of requirements) {
    if (force) {
      plan.missing.push({ requirement, why: "forced" });
      continue;
    }
    const found = requirement.kind === "role" ? lookups.role(requirement.name) : lookups.collection(requirement.name);
    if (!found) {
      plan.missing.push({ requirement, why: "not installed" });
    } else if (requirement.kind === "collection" && requirement.version !== undefined && !(found.version && meetsSpec(found.version, requirement.version))) {
      plan.missing.push({ requirement, why: `installed ${found.version ?? "(version unknown)"} at ${found.path} does not meet ${requirement.version}` });
    } else {
      plan.satisfied.push({ requirement, found });
    }
  }
  return plan;
}

// How a requirement is named in messages: `role geerlingguy.nginx` / `collection community.general >=6`.
export function describe(r: Requirement): string {
  return `${r.kind} \`${r.name}${r.version ? ` ${r.version}` : ""}\``;
}

// Where it would be installed from: its own source, else Ansible Galaxy.
export function sourceOf(r: Requirement): string {
  return r.source ?? "Ansible Galaxy (https://galaxy.ansible.com)";
}
