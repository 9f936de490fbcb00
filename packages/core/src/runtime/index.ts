export { ModuleRuntime, type ModuleRuntimeOptions } from './ModuleRuntime.js';
export { prefixLogger, consoleLogger } from './prefixLogger.js';
