import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { readRequirements, findRequirementsFile } from "../../../src/scenario/galaxy.js";
import { tmpdir } from "../../helpers/tmpdir.js";

describe("galaxy requirements", () => {
  it("reads the old list form as roles and the map form as roles + collections", () => {
    const dir = tmpdir({
      "list.yml": "- src: geerlingguy.nginx\n- name: acme.web\n",
      "map.yml": "roles:\n  - name: acme.web\ncollections:\n  - community.general\n  - name: ansible.posix\n",
      "empty.yml": "---\n",
    });
    expect(readRequirements(join(dir, "list.yml"), "roles")).toMatchObject({ roles: ["geerlingguy.nginx", "acme.web"], collections: [] });
    expect(readRequirements(join(dir, "map.yml"), "collections")).toMatchObject({ roles: ["acme.web"], collections: ["community.general", "ansible.posix"] });
    expect(readRequirements(join(dir, "empty.yml"), "roles")).toMatchObject({ roles: [], collections: [] });
  });

  it("prefers the scenario's file, then the project's, and an explicit option over both", () => {
    const dir = tmpdir({ "requirements.yml": "[]\n", "molecule/default/collections.yml": "[]\n" });
    const scenario = join(dir, "molecule/default");
    expect(findRequirementsFile(undefined, scenario, dir, "requirements.yml")).toBe(join(dir, "requirements.yml"));
    expect(findRequirementsFile(undefined, scenario, dir, "collections.yml")).toBe(join(scenario, "collections.yml"));
    expect(findRequirementsFile("/x/req.yml", scenario, dir, "requirements.yml")).toBe("/x/req.yml");
    expect(findRequirementsFile(undefined, scenario, join(dir, "none"), "missing.yml")).toBeUndefined();
  });
});
