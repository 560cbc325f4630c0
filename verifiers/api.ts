// The host API without vitest (Host, backends, modules): for scripts and benchmarks that run
// checks outside a test run. Re-exports only.
export { Host, type HostOptions } from "./host.js";
export { shellQuote, formatCommand } from "./quote.js";
export { CommandFailedError, UnsupportedError } from "./errors.js";
export { backendFor, LocalBackend, RuntimeBackend, SshBackend, EngineExecBackend } from "./backends/index.js";
export type { Backend, BackendRunOptions, CommandResult } from "./backends/types.js";
export type { RuntimeTarget } from "./backends/runtime.js";
export type { SshTarget } from "./backends/ssh.js";
export * from "./modules/index.js";
export type { SystemInfo } from "./modules/system-info.js";
export type { ProcessInfo } from "./modules/process.js";
export type { MountEntry } from "./modules/mount-point.js";
