// The core error catalog. Every error is a HubError from @hub/kit (checked by brand with
// isHubError), with a stable HUB_* code, a message that says what was wrong and a hint that
// says how to fix it. One factory per error, one line each where it fits.
import { HubError } from '@hub/kit/errors';

const err = (code: string, message: string, hint: string, extra: { module?: string; status?: number; details?: unknown; cause?: unknown } = {}) =>
  new HubError(code, message, { hint, status: extra.status ?? 400, module: extra.module, details: extra.details, cause: extra.cause });

/** Stable codes raised by @hub/core. */
export const CoreErrorCodes = {
  MODULE_NOT_FOUND: 'HUB_MODULE_NOT_FOUND',
  MODULE_NAME_INVALID: 'HUB_MODULE_NAME_INVALID',
  MODULE_NAME_MISMATCH: 'HUB_MODULE_NAME_MISMATCH',
  MODULE_DUPLICATE: 'HUB_MODULE_DUPLICATE',
  PACKAGE_JSON_INVALID: 'HUB_PACKAGE_JSON_INVALID',
  PACKAGE_NOT_FOUND: 'HUB_PACKAGE_NOT_FOUND',
  PACKAGE_DEPENDENCY_MISSING: 'HUB_PACKAGE_DEPENDENCY_MISSING',
  VERSION_INVALID: 'HUB_VERSION_INVALID',
  MODULE_DOWNGRADE: 'HUB_MODULE_DOWNGRADE',
  ENTRY_MISSING: 'HUB_ENTRY_MISSING',
  README_MISSING: 'HUB_README_MISSING',
  MODULE_FOLDER_MISMATCH: 'HUB_MODULE_FOLDER_MISMATCH',
  DEPENDENCY_MISSING: 'HUB_DEPENDENCY_MISSING',
  DEPENDENCY_CYCLE: 'HUB_DEPENDENCY_CYCLE',
  HOST_RANGE_MISMATCH: 'HUB_HOST_RANGE_MISMATCH',
  EXTERNAL_BIN_MISSING: 'HUB_EXTERNAL_BIN_MISSING',
  EXTERNAL_NPM_MISSING: 'HUB_EXTERNAL_NPM_MISSING',
  BACKUP_NOT_FOUND: 'HUB_BACKUP_NOT_FOUND',
  BACKUP_INVALID: 'HUB_BACKUP_INVALID',
} as const;
export type CoreErrorCode = (typeof CoreErrorCodes)[keyof typeof CoreErrorCodes];
const C = CoreErrorCodes;

// --- modules and packages -------------------------------------------------------------------
export const moduleNotFound = (name: string) =>
  err(C.MODULE_NOT_FOUND, `Module "${name}" was not found among the discovered modules.`, `Add it to the host with \`pnpm add @hub/module-${name}\` or put its folder in ADDONS_PATHS, then retry.`, { module: name, status: 404 });
export const moduleNameInvalid = (name: unknown, problem: string) =>
  err(C.MODULE_NAME_INVALID, `Invalid module name: ${problem}.`, 'Use lowercase letters, digits and _ (starting with a letter), not a reserved word, in package.json "hub.module".', { module: typeof name === 'string' ? name : undefined });
export const moduleNameMismatch = (name: string, packageName: string, expected: string) =>
  err(C.MODULE_NAME_MISMATCH, `Package "${packageName}" declares hub.module "${name}" but its name says "${expected}".`, `Make package.json "hub.module" and the package name agree (e.g. @hub/module-${name}).`, { module: name });
export const moduleDuplicate = (name: string, keptPath: string, skippedPath: string) =>
  err(C.MODULE_DUPLICATE, `Module "${name}" is found twice: ${keptPath} (used) and ${skippedPath} (ignored).`, 'Remove one copy: first found wins (host dependencies, then ADDONS_PATHS in order).', { module: name });
export const packageJsonInvalid = (path: string, problem: string) =>
  err(C.PACKAGE_JSON_INVALID, `Invalid package.json at ${path}: ${problem}.`, 'Fix the package.json (valid JSON, a "name", a "version" and "hub.module").');
export const packageNotFound = (packageName: string, from: string) =>
  err(C.PACKAGE_NOT_FOUND, `Package "${packageName}" is listed in ${from} but is not installed on disk.`, 'Run `pnpm install` in the host folder.');
export const packageDependencyMissing = (module: string, dependency: string) =>
  err(C.PACKAGE_DEPENDENCY_MISSING, `Module "${module}" needs npm package "${dependency}", which cannot be resolved from its folder.`, `Add it to the host with \`pnpm add ${dependency}\` (uploaded modules use the host's packages).`, { module });
export const versionInvalid = (module: string, version: unknown) =>
  err(C.VERSION_INVALID, `Module "${module}" has version ${JSON.stringify(version)}, which is not semver.`, 'Set package.json "version" to a semver version such as 1.0.0.', { module });
export const moduleDowngrade = (module: string, installed: string, available: string) =>
  err(C.MODULE_DOWNGRADE, `Module "${module}" ${available} is older than the installed ${installed}.`, `Use version ${installed} or newer of the module; downgrades are not supported.`, { module, status: 409 });
export const readmeMissing = (module: string, dir: string) =>
  err(C.README_MISSING, `Module "${module}" has no README in ${dir}.`, 'Add a README.md that says what the module does and how to configure it.', { module });
export const moduleFolderMismatch = (module: string, dir: string) =>
  err(C.MODULE_FOLDER_MISMATCH, `Module "${module}" lives in folder ${dir}, whose name is neither the module nor the package name.`, `Name the folder "${module}".`, { module });
export const entryMissing = (module: string, entry: string) =>
  err(C.ENTRY_MISSING, `Module "${module}" entry file ${entry} does not exist.`, 'Build the module (`pnpm build`) or fix "exports"/"main" in its package.json.', { module });

// --- graph ------------------------------------------------------------------------------------
export const dependencyMissing = (module: string, dependency: string) =>
  err(C.DEPENDENCY_MISSING, `Module "${module}" depends on module "${dependency}", which is not available.`, `Add it with \`pnpm add @hub/module-${dependency}\` or put it in ADDONS_PATHS.`, { module, details: { dependency } });
export const dependencyCycle = (path: string[]) =>
  err(C.DEPENDENCY_CYCLE, `Modules depend on each other in a cycle: ${path.join(' -> ')}.`, 'Remove one of these dependencies (move shared code into a module both can depend on).', { module: path[0], details: { path } });
export const hostRangeMismatch = (module: string, range: string, hostVersion: string) =>
  err(C.HOST_RANGE_MISMATCH, `Module "${module}" supports @hub/kit ${range}, but this host runs @hub/kit ${hostVersion}.`, `Install a version of the module built for this host (its peerDependencies["@hub/kit"] must include ${hostVersion}).`, { module, details: { range, hostVersion } });

// --- external dependencies ----------------------------------------------------------------------
export const externalBinMissing = (module: string, bin: string) =>
  err(C.EXTERNAL_BIN_MISSING, `Module "${module}" needs the program "${bin}", which is not on PATH.`, `Install it (e.g. \`apt-get install ${bin}\`) or add its folder to PATH, then retry.`, { module, details: { bin } });
export const externalNpmMissing = (module: string, pkg: string) =>
  err(C.EXTERNAL_NPM_MISSING, `Module "${module}" needs the npm package "${pkg}", which cannot be resolved from the module.`, `Add it to the host with \`pnpm add ${pkg}\`.`, { module, details: { package: pkg } });

// --- backups ------------------------------------------------------------------------------------
/** The one way a missing backup is reported, whether it was asked for by folder or by id. */
export const backupNotFound = (where: { module?: string; id?: string; path?: string }) =>
  err(C.BACKUP_NOT_FOUND,
    where.path ? `No backup at ${where.path} (manifest.json is missing).`
      : where.id ? `Module "${where.module}" has no backup "${where.id}".` : `Module "${where.module}" has no backup.`,
    `List the module's backups (\`hub module backup ${where.module ?? '<name>'} --list\`) and pass an existing one.`,
    { module: where.module, status: 404, details: where.id ? { id: where.id } : undefined });
export const backupInvalid = (path: string, problem: string) =>
  err(C.BACKUP_INVALID, `Backup at ${path} is unusable: ${problem}.`, 'Restore from another backup; do not edit backup folders by hand.');
