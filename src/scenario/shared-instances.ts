// A scenario running on the `default` scenario's instances (shared state, shared-state.ts): its
// inventory lists the default scenario's platforms with their connection vars, the driver acts on
// the default scenario's ephemeral directory (its state.yml, instance config, container ids), and
// the scenario keeps its own ephemeral directory for the rest (lock, ansible.cfg, inventory,
// state.yml with `prepared` and `converged`, about the instances whose id it recorded).
import type { ResolvedConfig } from "../config/types.js";
import type { StateStore } from "./state.js";

// `config` on the instances of `owner`: its platforms, driver and instance config are the owner's.
export function onInstancesOf(config: ResolvedConfig, owner: ResolvedConfig): ResolvedConfig {
  return {
    ...config,
    platforms: owner.platforms,
    driver: owner.driver,
    moleculeEnv: {
      ...config.moleculeEnv,
      MOLECULE_INSTANCE_CONFIG: owner.moleculeEnv.MOLECULE_INSTANCE_CONFIG!,
      MOLECULE_DRIVER_NAME: owner.moleculeEnv.MOLECULE_DRIVER_NAME!,
    },
  };
}

// Take the owner's instances id; when it is another life than the one `state` recorded, what this
// scenario prepared and converged was on instances since destroyed: forget it.
export async function followInstances(state: StateStore, ownerState: StateStore): Promise<void> {
  const id = ownerState.get().isomer.instances;
  if (state.get().isomer.instances === id) return;
  await state.update({ prepared: null, converged: false });
  await state.setInstances(id);
}

// What to tell the user when `config` declares a driver or platforms that shared state leaves
// unused, or undefined when they are the owner's.
export function unusedInstancesNote(config: ResolvedConfig, owner: ResolvedConfig): string | undefined {
  const names = (c: ResolvedConfig) => c.platforms.map((p) => p.name).join(", ");
  if (names(config) === names(owner) && config.driver.name === owner.driver.name) return undefined;
  return `shared state: runs on the \`${owner.scenario.name}\` scenario's instances (${names(owner)}, driver \`${owner.driver.name}\`), not on its own (${names(config)}, driver \`${config.driver.name}\`)`;
}
