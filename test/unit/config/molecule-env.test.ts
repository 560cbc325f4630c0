import { describe, expect, it } from "vitest";
import { defaultEphemeralDir, moleculeEnv, provisionerPaths } from "../../../src/config/index.js";

describe("MOLECULE_* variables", () => {
  it("are computed from the scenario's paths and names", () => {
    expect(
      moleculeEnv({
        projectDir: "/p", scenarioName: "default", scenarioDir: "/p/molecule/default", ephemeralDir: "/e",
        configFile: "/p/molecule/default/molecule.yml", envFile: "/p/.env.yml", driverName: "docker",
        verifierName: "testinfra", verifierDirectory: "/p/molecule/default/tests",
      }),
    ).toEqual({
      MOLECULE_DEBUG: "False",
      MOLECULE_FILE: "/p/molecule/default/molecule.yml",
      MOLECULE_ENV_FILE: "/p/.env.yml",
      MOLECULE_STATE_FILE: "/e/state.yml",
      MOLECULE_INVENTORY_FILE: "/e/inventory/ansible_inventory.yml",
      MOLECULE_EPHEMERAL_DIRECTORY: "/e",
      MOLECULE_SCENARIO_DIRECTORY: "/p/molecule/default",
      MOLECULE_PROJECT_DIRECTORY: "/p",
      MOLECULE_INSTANCE_CONFIG: "/e/instance_config.yml",
      MOLECULE_DEPENDENCY_NAME: "galaxy",
      MOLECULE_DRIVER_NAME: "docker",
      MOLECULE_PROVISIONER_NAME: "ansible",
      MOLECULE_SCENARIO_NAME: "default",
      MOLECULE_VERIFIER_NAME: "testinfra",
      MOLECULE_VERIFIER_TEST_DIRECTORY: "/p/molecule/default/tests",
    });
  });

  it("place the ephemeral dir under the cache, keyed by project, unless MOLECULE_EPHEMERAL_DIRECTORY is set", () => {
    const a = defaultEphemeralDir("/src/role-a", "default", { HOME: "/home/u" });
    expect(a).toMatch(/^\/home\/u\/\.cache\/isomer\/role-a-[0-9a-f]{10}\/default$/);
    expect(defaultEphemeralDir("/other/role-a", "default", { HOME: "/home/u" })).not.toBe(a);
    expect(defaultEphemeralDir("/src/role-a", "default", { XDG_CACHE_HOME: "/c" })).toMatch(/^\/c\/isomer\/role-a-/);
    expect(defaultEphemeralDir("/src/role-a", "default", { MOLECULE_EPHEMERAL_DIRECTORY: "/tmp/eph" })).toBe("/tmp/eph");
    expect(provisionerPaths("/e").ansibleCfg).toBe("/e/ansible.cfg");
  });
});
