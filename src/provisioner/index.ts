// The Ansible provisioner: generated files, ansible-playbook runs, changed tasks (re-exports only).
export { writeProvisionerFiles } from "./files.js";
export type { WriteFilesOptions } from "./files.js";
export { ansiblePlaybook, findExecutable, playbookEnv } from "./ansible-playbook.js";
export type { AnsiblePlaybookOptions, PlaybookRun } from "./ansible-playbook.js";
export { changedTasks, parseChangedFromOutput, parseChangeRecords } from "./changes.js";
export type { ChangedTask } from "./changes.js";
export { buildInventory, inventoryYaml, writeInventory, moleculeVars } from "./inventory.js";
export { ansibleCfgSections, renderAnsibleCfg, rolesPath, collectionsPath, CHANGES_CALLBACK } from "./ansible-cfg.js";
export { optionsToArgs, playbookArgv } from "./args.js";
export { resolvePlaybook } from "./playbooks.js";
export { galaxyInfo, roleFullName, checkedRoleName, linkProjectUnderTest } from "./roles.js";
