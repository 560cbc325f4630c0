// Write everything ansible-playbook needs into the ephemeral directory: inventory, ansible.cfg,
// and the links that make the role/collection under test resolvable by name.
import type { ResolvedConfig } from "../config/types.js";
import { provisionerPaths, type ProvisionerPaths } from "../config/molecule-env.js";
import { writeInventory } from "./inventory.js";
import { ansibleCfgSections, renderAnsibleCfg } from "./ansible-cfg.js";
import { linkProjectUnderTest } from "./roles.js";
import { writeFileAtomicSync } from "../util/atomic-write.js";

// Options for writeProvisionerFiles.
export interface WriteFilesOptions {
  env?: NodeJS.ProcessEnv; // for ANSIBLE_ROLES_PATH / HOME (default process.env)
  warn?: (message: string) => void; // role_name_check: 1 warnings
}

// (Re)write inventory + ansible.cfg + role links; `connections` maps instance → connection vars.
// Throws ConfigError when role_name_check is 0 and the role's full name is invalid.
export async function writeProvisionerFiles(
  config: ResolvedConfig,
  connections: Record<string, Record<string, unknown>>,
  options: WriteFilesOptions = {},
): Promise<ProvisionerPaths> {
  const paths = provisionerPaths(config.ephemeralDir);
  const warn = options.warn ?? ((m: string) => process.stderr.write(`isomer: warning: ${m}\n`));
  linkProjectUnderTest(config.projectDir, paths.rolesDir, paths.collectionsDir, config.roleNameCheck, warn);
  writeInventory(config, connections);
  writeFileAtomicSync(paths.ansibleCfg, renderAnsibleCfg(ansibleCfgSections(config, options.env)));
  return paths;
}
