import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import semver from 'semver';
import { moduleNameProblem } from '@hub/kit';
import type { EntryIndex } from './entryIndex.js';
import { intakeError } from './errors.js';
import type { IntakeLimits } from './limits.js';
import { resolvePackageEntry } from './resolvePackageEntry.js';

export interface ModulePackage {
  /** package.json "hub.module". */
  name: string;
  /** package.json "name". */
  packageName: string;
  version: string;
  /** Entry file, relative to the package folder. */
  entry: string;
}

// npm's rules for package names, without the legacy exceptions.
const PACKAGE_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/** Checks, before extracting, that `<top>/package.json` is there and small enough (declared size). */
export function checkPackageJsonEntry(index: EntryIndex, top: string, limits: IntakeLimits): void {
  const entry = index.find(`${top}/package.json`);
  if (!entry || entry.kind !== 'file') {
    throw intakeError('HUB_ARCHIVE_PACKAGE_JSON_MISSING', `The archive has no ${top}/package.json.`);
  }
  if (entry.size > limits.maxPackageJsonBytes) {
    throw intakeError('HUB_ARCHIVE_PACKAGE_JSON_TOO_LARGE', `package.json is ${entry.size} bytes, more than ${limits.maxPackageJsonBytes}.`, { details: { limit: limits.maxPackageJsonBytes } });
  }
}

/**
 * Reads and checks the extracted package.json as data (JSON.parse; no module code runs):
 * object, npm name, hub.module (valid, not reserved), semver version, and an entry file
 * (exports/main) that the archive really contains as a regular file.
 */
export async function readModulePackage(packageDir: string, index: EntryIndex, top: string, limits: IntakeLimits): Promise<ModulePackage> {
  const bytes = await readFile(join(packageDir, 'package.json'));
  if (bytes.length > limits.maxPackageJsonBytes) {
    throw intakeError('HUB_ARCHIVE_PACKAGE_JSON_TOO_LARGE', `package.json is ${bytes.length} bytes, more than ${limits.maxPackageJsonBytes}.`, { details: { limit: limits.maxPackageJsonBytes } });
  }
  let pkg: unknown;
  try {
    pkg = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw intakeError('HUB_ARCHIVE_PACKAGE_JSON_INVALID', `package.json is not valid JSON: ${(error as Error).message}.`);
  }
  if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) {
    throw intakeError('HUB_ARCHIVE_PACKAGE_JSON_INVALID', 'package.json is not a JSON object.');
  }
  const json = pkg as Record<string, unknown>;
  const hub = json.hub;
  const name = typeof hub === 'object' && hub !== null && !Array.isArray(hub) ? (hub as Record<string, unknown>).module : undefined;
  if (name === undefined) {
    throw intakeError('HUB_ARCHIVE_MODULE_NAME_INVALID', 'package.json has no "hub.module": the package is not a Hub module.');
  }
  const problem = moduleNameProblem(name);
  if (problem) throw intakeError('HUB_ARCHIVE_MODULE_NAME_INVALID', `package.json "hub.module" is invalid: ${problem}.`);
  const module = name as string;
  const packageName = json.name;
  if (typeof packageName !== 'string' || packageName.length > 214 || !PACKAGE_NAME.test(packageName)) {
    throw intakeError('HUB_ARCHIVE_PACKAGE_JSON_INVALID', `package.json "name" ${JSON.stringify(packageName ?? null)} is not a valid npm package name.`, { module });
  }
  const version = json.version;
  if (typeof version !== 'string' || !/^\d/.test(version) || semver.valid(version) === null) {
    throw intakeError('HUB_ARCHIVE_VERSION_INVALID', `package.json "version" ${JSON.stringify(version ?? null)} is not a semantic version.`, { module });
  }
  const entry = resolvePackageEntry(json, (rel) => index.find(`${top}/${rel}`)?.kind === 'file', module);
  return { name: module, packageName, version, entry };
}
