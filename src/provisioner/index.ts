// The Ansible provisioner (re-exports only): `run` is how every action runs a playbook.
export { run } from "./run.js";
export type { ProvisionerOutcome, ProvisionerRunOptions } from "./run.js";
export { actionPlaybook, missingPlaybookMessage, ACTION_PLAYBOOKS } from "./playbooks.js";
export type { PlaybookChoice, ProvisionerAction } from "./playbooks.js";
export { writeProvisionerFiles } from "./files.js";
export type { WriteFilesOptions } from "./files.js";
export { playbookEnv, ansiblePlaybookProgram } from "./ansible-playbook.js";
export type { PlaybookRun } from "./ansible-playbook.js";
export { changedTasks, parseChangedFromOutput, parseChangeRecords } from "./changes.js";
export type { ChangedTask } from "./changes.js";
export { buildInventory, inventoryYaml, writeInventory, moleculeVars } from "./inventory.js";
export { ansibleCfgSections, renderAnsibleCfg, rolesPath, collectionsPath, CHANGES_CALLBACK } from "./ansible-cfg.js";
export { optionsToArgs, playbookArgv } from "./args.js";
export { galaxyInfo, roleFullName, checkedRoleName, linkProjectUnderTest } from "./roles.js";
