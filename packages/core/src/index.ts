export * from './db/index.js';
export * from './errors.js';
export * from './graph/index.js';
export * from './discovery/index.js';
export * from './validation/index.js';
// --- lifecycle engine: the Hub facade, state, loader, runtime, data files ---
export { createHub, HUB_CHANNEL } from './hub/createHub.js';
export type * from './hub/types.js';
export { ModuleLoader } from './loader/index.js';
export { ModuleRuntime, type ModuleRuntimeOptions, consoleLogger, prefixLogger } from './runtime/index.js';
export { loadDataFile, type DataRecord } from './data/index.js';
export { migrateState, STATE_STEPS, HUB_LOCK_KEY, readOwnership, type OwnershipRow } from './state/index.js';
export * from './backup/index.js';
export * from './intake/index.js';
export * from './extensions/index.js';
export { splitOnline, runOnlineSteps, DEFAULT_ONLINE_ROWS, type OnlineRunResult } from './online/index.js';
export { lintStatement, type LintWarning, type StatementImpact } from './lint/index.js';
export { classifyCompatibility, annotateCompatibility } from './lifecycle/compatibility.js';
export { versionSkew, type VersionSkew } from './lifecycle/versionSkew.js';
