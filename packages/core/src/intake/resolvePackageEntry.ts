import { entryOf } from '../discovery/entryOf.js';
import { entryPathSegments } from './entryPath.js';
import { intakeError } from './errors.js';

/**
 * The package-relative entry file a host will import, by discovery's own rule (`entryOf`:
 * exports["."] with the import/node/default condition, then "main", then index.js), refused
 * when it points outside the package or `isFile` says the archive does not hold it.
 */
export function resolvePackageEntry(pkg: Record<string, unknown>, isFile: (relative: string) => boolean, module?: string): string {
  const declared = entryOf(pkg, '');
  const field = pkg.exports !== undefined ? '"exports"' : typeof pkg.main === 'string' && pkg.main ? '"main"' : undefined;
  let relative: string;
  try {
    relative = entryPathSegments(declared).join('/');
  } catch {
    throw intakeError('HUB_ARCHIVE_PACKAGE_JSON_INVALID', `package.json ${field ?? '"main"'} points outside the package (${JSON.stringify(declared)}).`, { module });
  }
  if (relative === '' || !isFile(relative)) {
    const what = field ? `${field} resolves to ${JSON.stringify(relative)}` : 'with no "exports" or "main" it is index.js';
    throw intakeError('HUB_ARCHIVE_ENTRY_MISSING', `The module's entry file is missing from the archive: ${what}.`, { module, details: { entry: relative } });
  }
  return relative;
}
