export { DependencyGraph, type GraphNode } from './DependencyGraph.js';
export { resolveInstallSet, type InstallSetRequest, type InstallSetEntry, type InstallReason } from './resolveInstallSet.js';
export { hostRangeAccepts } from './hostRange.js';
