// Whether an instance may serve a module with the code it has, given the version the database is
// at: the same version, or an older one the database's migrations since were all compatible with.
// Code newer than the database, or older than a breaking migration, is fenced.
import semver from 'semver';

export interface VersionSkew {
  code: 'HUB_MODULE_VERSION_SKEW';
  message: string;
  codeVersion: string;
  databaseVersion: string;
}

/**
 * Undefined when code of `codeVersion` may serve the module at `databaseVersion`;
 * `compatibleFrom` is the oldest code version the database's schema still works with.
 */
export function versionSkew(module: string, codeVersion: string, databaseVersion: string, compatibleFrom: string = databaseVersion): VersionSkew | undefined {
  if (codeVersion === databaseVersion) return undefined;
  const comparable = semver.valid(codeVersion) && semver.valid(databaseVersion);
  if (comparable && semver.lt(codeVersion, databaseVersion) && semver.valid(compatibleFrom) && semver.gte(codeVersion, compatibleFrom)) return undefined;
  const why = !comparable
    ? 'the versions cannot be compared'
    : semver.gt(codeVersion, databaseVersion)
      ? 'the database is older than this code (upgrade the module to apply it)'
      : `the database was upgraded past it by a breaking change (code from ${compatibleFrom} works with it)`;
  return {
    code: 'HUB_MODULE_VERSION_SKEW', codeVersion, databaseVersion,
    message: `Module "${module}" is fenced on this instance: its code is ${codeVersion}, the database is at ${databaseVersion}; ${why}`,
  };
}
