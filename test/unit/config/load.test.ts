import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadScenarioConfig } from "../../../src/config/index.js";
import { ConfigError } from "../../../src/errors.js";
import { tmpdir } from "../../helpers/tmpdir.js";
import { messages, validateProject, validateYaml } from "./load-helper.js";

const minimal = "driver:\n  name: docker\nplatforms:\n  - name: instance\n    image: debian:bookworm\n";

describe("loading a scenario", () => {
  it("fills Molecule's defaults around a minimal molecule.yml", async () => {
    const { config, errors, dir } = await validateYaml(minimal);
    expect(errors).toEqual([]);
    expect(config!.driver.name).toBe("docker");
    expect(config!.scenario.name).toBe("default");
    expect(config!.scenario.directory).toBe(join(dir, "molecule/default"));
    expect(config!.scenario.sequences.test.map((s) => s.action)).toEqual([
      "dependency", "cleanup", "destroy", "syntax", "create", "prepare", "converge", "idempotence", "side_effect", "verify", "cleanup", "destroy",
    ]);
    expect(config!.provisioner.playbooks.converge).toBe(join(dir, "molecule/default/converge.yml"));
    expect(config!.verifier).toMatchObject({ name: "ansible", enabled: true, directory: join(dir, "molecule/default/tests") });
    expect(config!.dependency).toMatchObject({ name: "galaxy", enabled: true });
    expect(config!.platforms[0]).toMatchObject({ name: "instance", image: "debian:bookworm", groups: [], children: [], published_ports: [] });
    expect(config!.roleNameCheck).toBe(0);
    expect(config!.files).toEqual([join(dir, "molecule/default/molecule.yml")]);
  });

  it("types docker platform keys and parses published ports", async () => {
    const { config, errors } = await validateYaml(
      "driver: {name: docker}\nplatforms:\n  - name: web\n    image: debian:bookworm\n    privileged: true\n" +
        "    published_ports: ['127.0.0.1:8080:80/tcp', '53:53/udp', 9000, '7000-7001:8000-8001']\n    groups: [web]\n    cgroupns_mode: host\n",
    );
    expect(errors).toEqual([]);
    expect(config!.platforms[0]!.privileged).toBe(true);
    expect(config!.platforms[0]!.groups).toEqual(["web"]);
    expect(config!.platforms[0]!.published_ports).toEqual([
      { hostIp: "127.0.0.1", hostPort: 8080, containerPort: 80, protocol: "tcp" },
      { hostIp: undefined, hostPort: 53, containerPort: 53, protocol: "udp" },
      { hostIp: undefined, hostPort: undefined, containerPort: 9000, protocol: "tcp" },
      { hostIp: undefined, hostPort: 7000, containerPort: 8000, protocol: "tcp" },
      { hostIp: undefined, hostPort: 7001, containerPort: 8001, protocol: "tcp" },
    ]);
  });

  it("keeps unknown platform keys in `extra` with a warning", async () => {
    const { config, warnings, errors } = await validateYaml(minimal + "    box_version: 3\n");
    expect(errors).toEqual([]);
    expect(config!.platforms[0]!.extra).toEqual({ box_version: 3 });
    expect(warnings.map((w) => `${w.line}:${w.path}: ${w.message}`)).toEqual([
      "6:platforms[0].box_version: unknown key `box_version` in `platforms[0]`: isomer ignores it (passed on to playbooks as is)",
    ]);
  });

  it("parses sequence entries that carry an argument", async () => {
    const { config, errors } = await validateYaml(minimal + "scenario:\n  test_sequence: [create, converge, 'verify ../shared/checks.yml', destroy]\n");
    expect(errors).toEqual([]);
    expect(config!.scenario.sequences.test).toEqual([
      { action: "create" }, { action: "converge" }, { action: "verify", arg: "../shared/checks.yml" }, { action: "destroy" },
    ]);
    expect(config!.scenario.sequences.converge.map((s) => s.action)).toEqual(["dependency", "create", "prepare", "converge"]);
  });

  it("applies per-driver playbook overrides relative to the scenario directory", async () => {
    const { config, dir } = await validateYaml(
      minimal + "provisioner:\n  name: ansible\n  playbooks:\n    converge: ../shared/converge.yml\n    docker:\n      create: docker-create.yml\n    podman:\n      create: podman-create.yml\n",
    );
    expect(config!.provisioner.playbooks.converge).toBe(join(dir, "molecule/shared/converge.yml"));
    expect(config!.provisioner.playbooks.create).toBe(join(dir, "molecule/default/docker-create.yml"));
    expect(config!.provisioner.playbooks.destroy).toBe(join(dir, "molecule/default/destroy.yml"));
  });

  it("maps current Molecule's `ansible:` section onto the provisioner", async () => {
    const { config, errors } = await validateYaml(
      "platforms: [{name: a}]\nansible:\n  cfg:\n    defaults: {forks: 5}\n  executor:\n    backend: ansible-playbook\n    args:\n      ansible_playbook: [--diff]\n" +
        "  env: {FOO: bar}\n  playbooks:\n    converge: play.yml\n",
    );
    expect(errors).toEqual([]);
    expect(config!.provisioner.configOptions).toEqual({ defaults: { forks: 5 } });
    expect(config!.provisioner.ansibleArgs).toEqual(["--diff"]);
    expect(config!.provisioner.env).toEqual({ FOO: "bar" });
    expect(config!.provisioner.playbooks.converge).toMatch(/molecule\/default\/play\.yml$/);
  });

  it("lets --driver-name override the file's driver", async () => {
    const { config } = await validateYaml(minimal, { driverName: "podman" });
    expect(config!.driver.name).toBe("podman");
    expect(config!.moleculeEnv.MOLECULE_DRIVER_NAME).toBe("podman");
  });

  it("loads a scenario by directory and names it after the directory", async () => {
    const dir = tmpdir({ "molecule/other/molecule.yml": minimal });
    const { config } = await loadScenarioConfig({ projectDir: dir, scenarioDir: join(dir, "molecule/other"), homeDir: dir, env: {}, ephemeralDir: join(dir, "e") });
    expect(config.scenario.name).toBe("other");
  });

  it("throws one ConfigError listing every error with file:line:col", async () => {
    const dir = tmpdir({ "molecule/default/molecule.yml": "driver:\n  name: dockr\nplatforms:\n  - name: a\n    image: Debian\n" });
    const error = await loadScenarioConfig({ projectDir: dir, homeDir: dir, env: {}, ephemeralDir: join(dir, "e") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain("2 errors");
    expect(e.message).toContain(`${join(dir, "molecule/default/molecule.yml")}:2:3: driver.name: unknown driver \`dockr\``);
    expect(e.message).toContain(`molecule.yml:5:5: platforms[0].image:`);
    expect(e.location).toBe(`${join(dir, "molecule/default/molecule.yml")}:2:3`);
  });

  it("reports a missing molecule.yml", async () => {
    const result = await validateProject({ "molecule/x/molecule.yml": minimal });
    expect(messages(result)).toEqual([expect.stringMatching(/^molecule\.yml:undefined:undefined: config file `.*molecule\/default\/molecule\.yml` does not exist/)]);
  });
});

describe("compatibility warnings", () => {
  it("warns about Molecule 3's lint map and the navigator backend, with their lines", async () => {
    const { config, warnings } = await validateYaml(
      "platforms: [{name: a}]\nlint:\n  name: yamllint\nansible:\n  executor:\n    backend: ansible-navigator\n",
    );
    expect(config!.lint).toBeUndefined();
    expect(warnings.map((w) => `${w.line}:${w.col}: ${w.path}: ${w.message}`)).toEqual([
      "2:1: lint: `lint:` as a map is Molecule 3's form and is ignored: write the command, e.g. `lint: yamllint . && ansible-lint`",
      "6:5: ansible.executor.backend: isomer runs `ansible-playbook`; `ansible-navigator` and its arguments are ignored",
    ]);
  });

  it("keeps the lint command string", async () => {
    const { config } = await validateYaml("platforms: [{name: a}]\nlint: |\n  set -e\n  yamllint .\n");
    expect(config!.lint).toBe("set -e\nyamllint .\n");
  });
});

describe("positions after interpolation", () => {
  it("point at the column the user wrote, not the one after substitution", async () => {
    const result = await validateYaml("platforms: [{name: ${LONG_NAME}, image: '${TAG}', privilegd: true}]\n", {
      env: { LONG_NAME: "a-much-longer-instance-name", TAG: "debian:bookworm" },
    });
    expect(messages(result)).toEqual([
      "molecule.yml:1:51: platforms[0].privilegd: unknown key `privilegd` in `platforms[0]` (did you mean `privileged`?)",
    ]);
  });

  it("keep lines right when a value brings newlines", async () => {
    const result = await validateYaml("provisioner:\n  env:\n    A: ${MULTI}\ndriver:\n  name: dockr\nplatforms: [{name: a}]\n", {
      env: { MULTI: "one\n      two\n      three" },
    });
    expect(messages(result)[0]).toMatch(/^molecule\.yml:5:3: driver\.name: unknown driver `dockr`/);
  });
});

describe("driver checks", () => {
  it("locates a driver's findings at the key they name", async () => {
    const result = await validateYaml(minimal + "    privileged: true\n", {
      driverIssues: (view) => [
        { path: "platforms[0].privileged", message: `driver \`${view.driver.name}\` cannot run \`${view.platforms[0]!.name}\` privileged here` },
        { path: "platforms[0].image", message: "image will be pulled", severity: "warning" },
      ],
    });
    expect(result.config).toBeUndefined();
    expect(messages(result)).toEqual(["molecule.yml:6:5: platforms[0].privileged: driver `docker` cannot run `instance` privileged here"]);
    expect(result.warnings.map((w) => `${w.line}:${w.col}`)).toEqual(["5:5"]);
  });
});

describe("MOLECULE_DRIVER_NAME", () => {
  it("is the file's driver, also inside the file that names it", async () => {
    const { config } = await validateYaml("driver:\n  name: podman\nplatforms:\n  - name: on-${MOLECULE_DRIVER_NAME}\n");
    expect(config!.platforms[0]!.name).toBe("on-podman");
    expect(config!.moleculeEnv.MOLECULE_DRIVER_NAME).toBe("podman");
    const plain = await validateYaml(minimal);
    expect(plain.config!.moleculeEnv.MOLECULE_DRIVER_NAME).toBe("docker");
    expect(plain.config!.env.MOLECULE_DRIVER_NAME).toBe("docker");
  });
});

describe("leniency where Molecule is lenient", () => {
  it("warns on unknown provisioner keys but rejects near-typos", async () => {
    const ok = await validateYaml(minimal + "provisioner:\n  name: ansible\n  my_plugin_setting: 1\n");
    expect(ok.errors).toEqual([]);
    expect(ok.warnings.map((w) => w.path)).toEqual(["provisioner.my_plugin_setting"]);
    const typo = await validateYaml(minimal + "provisioner:\n  name: ansible\n  playbook:\n    converge: x.yml\n");
    expect(messages(typo)).toEqual(["molecule.yml:8:3: provisioner.playbook: unknown key `playbook` in `provisioner` (did you mean `playbooks`?)"]);
  });

  it("accepts `hostname: false` and a numeric memory", async () => {
    const { config, errors } = await validateYaml(minimal + "    hostname: false\n    memory: 512\n");
    expect(errors).toEqual([]);
    expect(config!.platforms[0]).toMatchObject({ hostname: undefined, memory: "512" });
  });
});

describe("YAML as PyYAML reads it", () => {
  it("takes yes/no/on/off as booleans and resolves anchors with merge keys", async () => {
    const { config, errors } = await validateYaml(
      "platforms:\n  - &base\n    name: a\n    image: debian:bookworm\n    privileged: yes\n    tty: off\n  - <<: *base\n    name: b\n",
    );
    expect(errors).toEqual([]);
    expect(config!.platforms.map((p) => [p.name, p.image, p.privileged, p.tty])).toEqual([
      ["a", "debian:bookworm", true, false],
      ["b", "debian:bookworm", true, false],
    ]);
  });
});

describe("a driver check that throws", () => {
  it("becomes an error at driver.name instead of an exception", async () => {
    const result = await validateYaml(minimal, { driverIssues: () => { throw new Error("boom"); } });
    expect(messages(result)).toEqual(["molecule.yml:2:3: driver.name: the `docker` driver could not check the configuration: boom"]);
  });
});
