export { EXTENSION_NAME, parseDeclaredExtensions, quoteExtension } from './extensionNames.js';
export { pgExtensionInvalid, pgExtensionMissing, pgExtensionPrivilege, type Engine } from './extensionErrors.js';
export { readExtensions, type DatabaseExtensions, type ExtensionStatus } from './extensionStatus.js';
export { extensionUsers, readCreatedExtensions, readExtensionNeeds, replaceExtensionNeeds } from './extensionState.js';
export { pgliteCanLoad, pgliteExtensions } from './pgliteExtensions.js';
export { planExtensionSteps } from './planExtensions.js';
export { createModuleExtensions, forgetModuleExtensions, releaseModuleExtensions } from './applyExtensions.js';
export { declaredByModules } from './openExtensions.js';
export { extensionIssues, extensionProblems } from './extensionIssues.js';
