// Uploaded module code kept in PostgreSQL by sha256 and materialized into each instance's cache.
export { ModuleCodeCache } from './codeCache.js';
export { discoverWithUploads, installedCodeOf, linkModules } from './discoverUploads.js';
export { uploadModule, type UploadOptions, type UploadResult } from './uploadModule.js';
export { HOST_PROVIDED_PACKAGES, hostPackageDirs } from './hostPackages.js';
export { hashTree, type TreeListing } from './treeHash.js';
export { setModuleCode, readCodeArchive } from './codeRows.js';
