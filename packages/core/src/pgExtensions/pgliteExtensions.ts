import type { Extension } from '@electric-sql/pglite';
import { EXTENSION_NAME } from './extensionNames.js';

/**
 * PGlite loads an extension's files only when the database opens (`extensions` of PGlite.create),
 * so the host collects what its modules declare before it opens. pgvector is a package of its
 * own; the others are PGlite's contrib builds (`@electric-sql/pglite/contrib/<name>`, with `-`
 * written `_`, as in uuid_ossp).
 */
async function importExtension(name: string): Promise<Extension | undefined> {
  if (!EXTENSION_NAME.test(name) || name === 'plpgsql') return undefined;
  const file = name.replace(/-/g, '_');
  try {
    if (name === 'vector') return (await import('@electric-sql/pglite-pgvector')).vector as Extension;
    const mod = (await import(`@electric-sql/pglite/contrib/${file}`)) as Record<string, Extension | undefined>;
    return mod[file];
  } catch {
    return undefined; // PGlite has no build of it
  }
}

/** The PGlite extensions for these names; names PGlite cannot load are left out (validation says so). */
export async function pgliteExtensions(names: Iterable<string>): Promise<Record<string, Extension>> {
  const out: Record<string, Extension> = {};
  for (const name of new Set(names)) {
    const ext = await importExtension(name);
    if (ext) out[name.replace(/-/g, '_')] = ext;
  }
  return out;
}

/** Whether the embedded database could load the extension (when it opens). */
export async function pgliteCanLoad(name: string): Promise<boolean> {
  return (await importExtension(name)) !== undefined;
}
