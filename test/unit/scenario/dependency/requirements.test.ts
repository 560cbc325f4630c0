import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { readRequirements, findRequirementsFile, parseRequirements, roleName } from "../../../../src/scenario/dependency/requirements.js";
import { tmpdir } from "../../../helpers/tmpdir.js";

const names = (rs: { name: string }[]) => rs.map((r) => r.name);

describe("galaxy requirements", () => {
  it("reads the old list form as roles and the map form as roles + collections", () => {
    const dir = tmpdir({
      "list.yml": "- src: geerlingguy.nginx\n- name: acme.web\n",
      "map.yml": "roles:\n  - name: acme.web\ncollections:\n  - community.general\n  - name: ansible.posix\n    version: '>=1.5'\n",
      "empty.yml": "---\n",
    });
    const list = readRequirements(join(dir, "list.yml"), "roles");
    expect(names(list.roles)).toEqual(["geerlingguy.nginx", "acme.web"]);
    const map = readRequirements(join(dir, "map.yml"), "collections");
    expect(names(map.roles)).toEqual(["acme.web"]);
    expect(map.collections.map((c) => [c.name, c.version])).toEqual([["community.general", undefined], ["ansible.posix", ">=1.5"]]);
    expect(readRequirements(join(dir, "empty.yml"), "roles")).toMatchObject({ roles: [], collections: [] });
  });

  it("names a role as ansible-galaxy installs it, and keeps where it comes from", () => {
    expect(roleName({ src: "https://github.com/acme/ansible-role-web.git" })).toBe("ansible-role-web");
    expect(roleName({ src: "git+https://example.org/x/web.git,v1.0" })).toBe("web");
    expect(roleName({ src: "http://127.0.0.1:9/files/web.tar.gz" })).toBe("web");
    expect(roleName({ src: "https://x/y.git", name: "acme.web" })).toBe("acme.web");
    const r = parseRequirements("f", "- src: http://127.0.0.1:9/r.tar.gz\n  name: net\n- geerlingguy.nginx\n");
    expect(r.roles.map((x) => [x.name, x.source])).toEqual([["net", "http://127.0.0.1:9/r.tar.gz"], ["geerlingguy.nginx", undefined]]);
    const c = parseRequirements("f", "collections:\n  - name: acme.tools\n    source: http://127.0.0.1:9/api/\n  - name: https://h/acme-x-1.0.0.tar.gz\n    type: url\n");
    expect(c.collections.map((x) => x.source)).toEqual(["http://127.0.0.1:9/api/", "https://h/acme-x-1.0.0.tar.gz"]);
  });

  it("prefers the scenario's file, then the project's, and an explicit option (relative to the project) over both", () => {
    const dir = tmpdir({ "requirements.yml": "[]\n", "molecule/default/collections.yml": "[]\n" });
    const scenario = join(dir, "molecule/default");
    expect(findRequirementsFile(undefined, scenario, dir, "requirements.yml")).toBe(join(dir, "requirements.yml"));
    expect(findRequirementsFile(undefined, scenario, dir, "collections.yml")).toBe(join(scenario, "collections.yml"));
    expect(findRequirementsFile("/x/req.yml", scenario, dir, "requirements.yml")).toBe("/x/req.yml");
    expect(findRequirementsFile("deps/req.yml", scenario, dir, "requirements.yml")).toBe(join(dir, "deps/req.yml"));
    expect(findRequirementsFile(undefined, scenario, join(dir, "none"), "missing.yml")).toBeUndefined();
  });
});
