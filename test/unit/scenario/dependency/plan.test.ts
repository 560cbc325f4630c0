import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { planDependencies } from "../../../../src/scenario/dependency/plan.js";
import { parseRequirements } from "../../../../src/scenario/dependency/requirements.js";
import { findCollection, findRole } from "../../../../src/scenario/dependency/installed.js";
import { meetsSpec, compareVersions } from "../../../../src/scenario/dependency/version-spec.js";
import { tmpdir } from "../../../helpers/tmpdir.js";

describe("version specifiers", () => {
  it("compares as semver and applies every clause", () => {
    expect(compareVersions("6.6.2", "6.10.0")).toBeLessThan(0);
    expect(compareVersions("1.0.0-beta.1", "1.0.0")).toBeLessThan(0);
    expect(compareVersions("2.0", "2.0.0")).toBe(0);
    expect(meetsSpec("6.6.2", undefined)).toBe(true);
    expect(meetsSpec("6.6.2", "*")).toBe(true);
    expect(meetsSpec("6.6.2", ">=6.0.0,<7.0.0")).toBe(true);
    expect(meetsSpec("6.6.2", ">=7.0.0")).toBe(false);
    expect(meetsSpec("6.6.2", "6.6.2")).toBe(true);
    expect(meetsSpec("6.6.2", "==6.6.1")).toBe(false);
    expect(meetsSpec("6.6.2", "!=6.6.2")).toBe(false);
    expect(meetsSpec("6.6.2", "<6.6.2")).toBe(false);
  });
});

describe("satisfied or missing", () => {
  const tree = () =>
    tmpdir({
      "py/ansible_collections/community/general/MANIFEST.json": JSON.stringify({ collection_info: { version: "6.6.2" } }),
      "user/ansible_collections/acme/src/galaxy.yml": "namespace: acme\nname: src\nversion: 1.2.0\n",
      "roles/acme.web/tasks/main.yml": "[]\n",
      "roles/empty/README": "not a role\n",
    });

  it("finds collections on the paths in order with their version, and role directories", () => {
    const dir = tree();
    expect(findCollection("community.general", [join(dir, "user"), join(dir, "py")])).toEqual({ path: join(dir, "py/ansible_collections/community/general"), version: "6.6.2" });
    expect(findCollection("acme.src", [join(dir, "user")])?.version).toBe("1.2.0");
    expect(findCollection("https://h/x.tar.gz", [join(dir, "py")])).toBeUndefined();
    expect(findRole("acme.web", [join(dir, "nope"), join(dir, "roles")])?.path).toBe(join(dir, "roles/acme.web"));
    expect(findRole("empty", [join(dir, "roles")])).toBeUndefined();
  });

  it("installs only what is not there in a version that meets the requirement", () => {
    const dir = tree();
    const reqs = parseRequirements(
      "r.yml",
      [
        "roles:",
        "  - name: acme.web",
        "  - src: http://127.0.0.1:9/missing.tar.gz",
        "collections:",
        "  - community.general",
        "  - name: community.general",
        "    version: '>=7.0.0'",
        "  - name: acme.src",
        "    version: '>=1.0,<2'",
        "  - name: acme.absent",
      ].join("\n"),
    );
    const lookups = { role: (n: string) => findRole(n, [join(dir, "roles")]), collection: (n: string) => findCollection(n, [join(dir, "user"), join(dir, "py")]) };
    const plan = planDependencies([...reqs.roles, ...reqs.collections], lookups);
    expect(plan.satisfied.map((s) => s.requirement.name)).toEqual(["acme.web", "community.general", "acme.src"]);
    expect(plan.missing.map((m) => [m.requirement.name, m.why.split(" at ")[0]])).toEqual([
      ["missing", "not installed"],
      ["community.general", "installed 6.6.2"],
      ["acme.absent", "not installed"],
    ]);
    expect(planDependencies(reqs.roles, lookups, true).missing).toHaveLength(2);
  });
});
