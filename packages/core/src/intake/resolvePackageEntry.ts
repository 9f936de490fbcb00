import { entryPathSegments } from './entryPath.js';
import { intakeError } from './errors.js';

const CONDITIONS = ['import', 'node', 'default', 'require'];

/**
 * The file a host would import, from package.json "exports" (".": string or conditions, import
 * first) or else "main" (with Node's extension and index.js fallbacks) or else index.js, as a
 * path relative to the package. `isFile` tells whether the archive holds that file.
 */
export function resolvePackageEntry(pkg: Record<string, unknown>, isFile: (relative: string) => boolean, module?: string): string {
  const fromExports = pkg.exports === undefined ? undefined : exportsTarget(pkg.exports);
  if (pkg.exports !== undefined && fromExports === undefined) {
    throw intakeError('HUB_ARCHIVE_PACKAGE_JSON_INVALID', 'package.json "exports" names no entry for "." (a string, or an "import"/"default" condition).', { module });
  }
  const declared = fromExports ?? (typeof pkg.main === 'string' && pkg.main !== '' ? pkg.main : undefined);
  const field = fromExports !== undefined ? 'exports' : declared !== undefined ? 'main' : undefined;
  const base = inside(declared ?? 'index.js', field ?? 'main', module);
  const candidates = fromExports !== undefined ? [base] : [base, `${base}.js`, `${base}.mjs`, `${base}.cjs`, `${base}/index.js`].map((c) => c.replace(/^\//, ''));
  const found = candidates.find((c) => c !== '' && isFile(c));
  if (!found) {
    const what = field ? `"${field}" points to ${JSON.stringify(declared)}` : 'there is no "exports" or "main", and index.js';
    throw intakeError('HUB_ARCHIVE_ENTRY_MISSING', `The module's entry file is missing: ${what}${field ? ', which is not a file in the archive' : ' is not in the archive'}.`, { module, details: { entry: declared ?? 'index.js' } });
  }
  return found;
}

function exportsTarget(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (Array.isArray(exports)) {
    for (const item of exports) {
      const target = exportsTarget(item);
      if (target !== undefined) return target;
    }
    return undefined;
  }
  if (typeof exports !== 'object' || exports === null) return undefined;
  const map = exports as Record<string, unknown>;
  const keys = Object.keys(map);
  if (keys.some((k) => k.startsWith('.'))) return '.' in map ? exportsTarget(map['.']) : undefined;
  for (const condition of CONDITIONS) {
    if (condition in map) {
      const target = exportsTarget(map[condition]);
      if (target !== undefined) return target;
    }
  }
  return undefined;
}

/** The package-relative path of `target`, refusing one that leaves the package. */
function inside(target: string, field: string, module?: string): string {
  try {
    return entryPathSegments(target).join('/');
  } catch {
    throw intakeError('HUB_ARCHIVE_PACKAGE_JSON_INVALID', `package.json "${field}" (${JSON.stringify(target)}) points outside the package.`, { module });
  }
}
