// Configuration: load, merge, interpolate and validate molecule.yml (re-exports only).
export * from "./types.js";
export { DEFAULT_SEQUENCES, SEQUENCE_NAMES, ACTION_NAMES, DRIVER_NAMES, PLAYBOOK_NAMES } from "./defaults.js";
export { loadScenarioConfig, validateScenarioConfig } from "./load.js";
export { moleculeEnv, defaultEphemeralDir, provisionerPaths } from "./molecule-env.js";
export type { MoleculeEnvInput, ProvisionerPaths } from "./molecule-env.js";
export { formatDiagnostic } from "./diagnostic.js";
export { interpolate } from "./interpolate.js";
