// The digest of what a prepare run's result depends on, apart from the image and the platform
// (the driver adds those): the prepare playbook and every file it may read, the config that
// reaches Ansible, and Ansible itself. A prepared-instance snapshot is reused only under the same
// digest, so when in doubt a file is in it:
//   - every file of the scenario directory and of the prepare playbook's directory, except the
//     other actions' playbooks (converge.yml, verify.yml, ...) and molecule.yml (its parts that
//     reach Ansible are below) unless a file read mentions their names;
//   - the linked inventory directories (provisioner.inventory.links);
//   - the whole project (the role under test and anything beside it) when a file read includes
//     a role (`roles:`, `include_role`, `import_role`, `role:`) or names a path with `../`;
//   - driver, dependency and provisioner sections (inventory vars, env, ansible.cfg options,
//     flags, playbook paths) as resolved;
//   - the ansible-playbook on PATH, or the one $ISOMER_ANSIBLE selects (its path, size and modification time: a new ansible-core
//     replaces it).
// Not in it: environment variables prepare looks up itself (`lookup('env', ...)`) beyond
// provisioner.env, and roles or collections installed outside the project.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, relative, sep } from "node:path";
import type { PlaybookName, ResolvedConfig } from "../config/types.js";
import { actionPlaybook } from "../provisioner/playbooks.js";
import { sortedKeys } from "../util/sorted-keys.js";
import { updateWithTree } from "../util/tree-digest.js";
import { which } from "../util/which.js";
import { ansibleEnv } from "../provisioner/ansible-install.js";

// Bumped when what a snapshot holds or how the digest is made changes.
const FORMAT = "isomer-prepare-snapshot-1";

// Text in a file prepare reads that means it may read the project beyond the scenario.
const REACHES_PROJECT = /\b(include_role|import_role|roles|role)\s*:|\.\.\//;

// The digest (64 hex digits) and the files it covers; undefined when there is no prepare playbook.
export interface PrepareInputs {
  digest: string;
  files: string[];
}

// The prepare inputs of `config` (reads the files now).
export function prepareInputs(config: ResolvedConfig): PrepareInputs | undefined {
  const prepare = actionPlaybook(config, "prepare");
  if (!prepare.exists) return undefined;
  const hash = createHash("sha256").update(`${FORMAT}\0`);
  const others = otherPlaybooks(config, prepare.path);
  const dirs = [...new Set([config.scenario.directory, dirname(prepare.path)])];
  const insideEphemeral = (path: string) => path === config.ephemeralDir || path.startsWith(config.ephemeralDir + sep);

  // first pass: the scenario's own files, leaving the other actions' playbooks out
  const scenarioHash = createHash("sha256");
  const read = dirs.flatMap((dir) => updateWithTree(scenarioHash, relative(config.projectDir, dir), dir, (path) => others.has(path) || insideEphemeral(path)));
  const texts = read.map((file) => readFileSync(file, "utf8"));
  // a file read that names a left-out playbook (import_playbook: converge.yml) brings it back
  const named = [...others].filter((path) => texts.some((text) => text.includes(basename(path))));
  const files = [...read];
  for (const path of named) files.push(...updateWithTree(scenarioHash, relative(config.projectDir, path), path));
  hash.update(scenarioHash.digest("hex"));

  if (texts.some((text) => REACHES_PROJECT.test(text))) files.push(...updateWithTree(hash, "project", config.projectDir, insideEphemeral));
  for (const [name, path] of Object.entries(config.provisioner.inventory.links)) {
    if (path && existsSync(path)) files.push(...updateWithTree(hash, `inventory/${name}`, realpathSync(path)));
  }
  const { snapshot: _toggle, ...driverOptions } = config.driver.options; // how snapshots were turned on is not an input
  const { dependency, provisioner } = config;
  hash.update(JSON.stringify(sortedKeys({ driver: { ...config.driver, options: driverOptions }, dependency, provisioner })));
  const ansible = which("ansible-playbook", ansibleEnv({ ...config.env, ...config.provisioner.env, PATH: config.env.PATH ?? process.env.PATH })); // the one ISOMER_ANSIBLE selects
  if (ansible) {
    const st = statSync(realpathSync(ansible));
    hash.update(`\0ansible\0${realpathSync(ansible)}\0${st.size}\0${st.mtimeMs}`);
  }
  return { digest: hash.digest("hex"), files: [...new Set(files)].sort() };
}

// The playbooks of the other actions and molecule.yml, by absolute path.
function otherPlaybooks(config: ResolvedConfig, prepare: string): Set<string> {
  const names: PlaybookName[] = ["cleanup", "create", "converge", "destroy", "side_effect", "verify"];
  const paths = names.map((name) => actionPlaybook(config, name).path);
  return new Set([...paths, config.configFile].filter((path) => path !== prepare));
}
