import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { mergeDeep } from "../../../src/config/merge.js";
import { messages, validateProject } from "./load-helper.js";

const scenario = "platforms:\n  - name: instance\n    image: debian:bookworm\n";

describe("merging base configs", () => {
  it("merges maps deeply and replaces lists, as Molecule's merge_dicts", () => {
    expect(mergeDeep({ a: { x: 1, y: [1, 2] }, b: 1 }, { a: { y: [3], z: 2 } })).toEqual({ a: { x: 1, y: [3], z: 2 }, b: 1 });
  });

  it("applies project, --base-config and user base configs, then the scenario", async () => {
    const { config, errors, dir } = await validateProject(
      {
        ".config/molecule/config.yml": "driver: {name: docker}\nprovisioner:\n  env: {FROM: project, P: 1}\n",
        "base.yml": "provisioner:\n  env: {FROM: base, B: 1}\nverifier: {name: testinfra}\n",
        "home/.config/molecule/config.yml": "provisioner:\n  env: {FROM: user, U: 1}\n",
        "molecule/default/molecule.yml": scenario + "provisioner:\n  env: {S: 1}\n",
      },
      (dir) => ({ baseConfigs: [join(dir, "base.yml")] }),
    );
    expect(errors).toEqual([]);
    expect(config!.driver.name).toBe("docker");
    expect(config!.verifier.name).toBe("testinfra");
    expect(config!.provisioner.env).toEqual({ FROM: "user", P: "1", B: "1", U: "1", S: "1" });
    expect(config!.files).toEqual([
      join(dir, ".config/molecule/config.yml"), join(dir, "base.yml"), join(dir, "home/.config/molecule/config.yml"), join(dir, "molecule/default/molecule.yml"),
    ]);
  });

  it("points an error set in a base config at the base config's line", async () => {
    const result = await validateProject(
      { "base.yml": "# shared\ndriver:\n  name: vagrant\n", "molecule/default/molecule.yml": scenario },
      (dir) => ({ baseConfigs: [join(dir, "base.yml")] }),
    );
    expect(messages(result)).toEqual([
      "base.yml:3:3: driver.name: unknown driver `vagrant`: isomer runs `default`, `delegated`, `isomer`, `docker`, `podman`",
    ]);
  });

  it("points at the scenario when it replaces a base config's list", async () => {
    const result = await validateProject(
      {
        "base.yml": "platforms:\n  - name: ok\n    image: debian:bookworm\n",
        "molecule/default/molecule.yml": "driver: {name: docker}\nplatforms:\n  - name: bad\n    image: Debian:12\n",
      },
      (dir) => ({ baseConfigs: [join(dir, "base.yml")] }),
    );
    expect(messages(result)).toEqual([
      "molecule.yml:4:5: platforms[0].image: Expected an image reference like `debian:bookworm` or `registry:5000/team/app:1.0`, got `Debian:12` (repository names must be lowercase)",
    ]);
  });

  it("reports a --base-config file that does not exist", async () => {
    const result = await validateProject({ "molecule/default/molecule.yml": scenario }, (dir) => ({ baseConfigs: [join(dir, "nope.yml")] }));
    expect(messages(result)[0]).toMatch(/^nope\.yml:undefined:undefined: config file `.*\/nope\.yml` does not exist$/);
  });
});

describe("environment for interpolation", () => {
  it("reads .env.yml from the project and the MOLECULE_* variables", async () => {
    const { config, errors, dir } = await validateProject({
      ".env.yml": "IMAGE_TAG: bookworm\nCOUNT: 3\n",
      "molecule/default/molecule.yml":
        "driver: {name: docker}\nplatforms:\n  - name: ${MOLECULE_SCENARIO_NAME}-${COUNT}\n    image: debian:${IMAGE_TAG}\n" +
        "provisioner:\n  env:\n    INV: $MOLECULE_INVENTORY_FILE\n    DRV: ${MOLECULE_DRIVER_NAME}\n    PROJ: ${MOLECULE_PROJECT_DIRECTORY}\n",
    });
    expect(errors).toEqual([]);
    expect(config!.platforms[0]).toMatchObject({ name: "default-3", image: "debian:bookworm" });
    expect(config!.provisioner.env).toEqual({
      INV: join(dir, "ephemeral/inventory/ansible_inventory.yml"),
      DRV: "docker",
      PROJ: dir,
    });
    expect(config!.moleculeEnv).toMatchObject({
      MOLECULE_SCENARIO_NAME: "default",
      MOLECULE_SCENARIO_DIRECTORY: join(dir, "molecule/default"),
      MOLECULE_EPHEMERAL_DIRECTORY: join(dir, "ephemeral"),
      MOLECULE_INSTANCE_CONFIG: join(dir, "ephemeral/instance_config.yml"),
      MOLECULE_ENV_FILE: join(dir, ".env.yml"),
      MOLECULE_FILE: join(dir, "molecule/default/molecule.yml"),
      MOLECULE_DRIVER_NAME: "docker",
    });
    expect(config!.env.IMAGE_TAG).toBe("bookworm");
  });

  it("takes --env-file and complains when it is missing", async () => {
    const ok = await validateProject(
      { "vars.yml": "TAG: trixie\n", "molecule/default/molecule.yml": "platforms:\n  - name: a\n    image: debian:${TAG}\n" },
      (dir) => ({ envFile: join(dir, "vars.yml") }),
    );
    expect(ok.config!.platforms[0]!.image).toBe("debian:trixie");
    const missing = await validateProject({ "molecule/default/molecule.yml": scenario }, (dir) => ({ envFile: join(dir, "gone.yml") }));
    expect(messages(missing)).toEqual([expect.stringMatching(/^gone\.yml:undefined:undefined: env file `.*gone\.yml` does not exist \(given with --env-file\)$/)]);
  });

  it("lets the process environment fill variables, with a default", async () => {
    const { config } = await validateProject(
      { "molecule/default/molecule.yml": "platforms:\n  - name: a\n    image: ${MOLECULE_DISTRO:-debian:bookworm}\n  - name: b\n    image: ${IMG:-debian:bookworm}\n" },
      { env: { IMG: "ubuntu:24.04" } },
    );
    expect(config!.platforms.map((p) => p.image)).toEqual(["debian:bookworm", "ubuntu:24.04"]);
  });
});

describe("files that cannot be read", () => {
  it("are errors, not exceptions", async () => {
    const result = await validateProject({ "molecule/default/molecule.yml/oops": "", ".env.yml/oops": "" });
    expect(messages(result).map((m) => m.replace(/`.*`/, "`F`").replace(/: EISDIR.*/, ": EISDIR"))).toEqual([
      ".env.yml:undefined:undefined: cannot read env file `F`: EISDIR",
      "molecule.yml:undefined:undefined: cannot read config file `F`: EISDIR",
    ]);
  });
});
