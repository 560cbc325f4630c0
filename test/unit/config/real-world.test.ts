// molecule.yml files as found in popular role repositories, of both Molecule generations: they
// must load unchanged (Molecule compatibility), with warnings at most.
import { describe, expect, it } from "vitest";
import { validateYaml } from "./load-helper.js";

const geerlingguyStyle = `---
role_name_check: 1
dependency:
  name: galaxy
  options:
    ignore-errors: true
driver:
  name: docker
platforms:
  - name: instance
    image: "geerlingguy/docker-\${MOLECULE_DISTRO:-rockylinux8}-ansible:latest"
    command: \${MOLECULE_DOCKER_COMMAND:-""}
    volumes:
      - /sys/fs/cgroup:/sys/fs/cgroup:rw
    cgroupns_mode: host
    privileged: true
    pre_build_image: true
provisioner:
  name: ansible
  playbooks:
    converge: \${MOLECULE_PLAYBOOK:-converge.yml}
`;

const molecule3Style = `---
dependency:
  name: galaxy
driver:
  name: podman
lint: |
  set -e
  yamllint .
  ansible-lint
platforms:
  - name: centos
    image: quay.io/centos/centos:stream9
    systemd: always
    tmpfs:
      - /run
      - /tmp
    capabilities: [SYS_ADMIN]
    exposed_ports: [80/tcp]
    published_ports: ["0.0.0.0:8080:80/tcp"]
provisioner:
  name: ansible
  lint:
    name: ansible-lint
  inventory:
    host_vars:
      centos:
        ansible_user: root
verifier:
  name: testinfra
  lint:
    name: flake8
scenario:
  name: default
  test_sequence:
    - lint
    - destroy
    - dependency
    - syntax
    - create
    - prepare
    - converge
    - idempotence
    - side_effect
    - verify
    - destroy
`;

describe("real-world molecule.yml files", () => {
  it("loads a geerlingguy-style docker scenario with the environment's defaults", async () => {
    const { config, errors, warnings } = await validateYaml(geerlingguyStyle, { env: { MOLECULE_DISTRO: "debian12" } });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(config!.platforms[0]).toMatchObject({
      image: "geerlingguy/docker-debian12-ansible:latest", command: "", privileged: true, pre_build_image: true, cgroupns_mode: "host",
    });
    expect(config!.roleNameCheck).toBe(1);
    expect(config!.provisioner.playbooks.converge).toMatch(/molecule\/default\/converge\.yml$/);
  });

  it("loads a Molecule 3 podman scenario with lint, verifier lint and a custom test sequence", async () => {
    const { config, errors, warnings } = await validateYaml(molecule3Style);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(config!.lint).toBe("set -e\nyamllint .\nansible-lint\n");
    expect(config!.verifier.name).toBe("testinfra");
    expect(config!.platforms[0]!.systemd).toBe("always");
    expect(config!.scenario.sequences.test[0]).toEqual({ action: "lint" });
    expect(config!.provisioner.inventory.hostVars).toEqual({ centos: { ansible_user: "root" } });
  });
});
