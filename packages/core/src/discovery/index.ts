export { discoverModules, readModuleFolder, type DiscoverModulesOptions, type DiscoveryResult, type DiscoveryProblem } from './discoverModules.js';
export { resolvePackageDir, resolvePackageDirSync, packageDirResolver } from './resolvePackageDir.js';
export { entryOf } from './entryOf.js';
export { moduleNameFromPackage } from './moduleNaming.js';
