import { discoverModules } from '../discovery/index.js';

/**
 * The extensions the embedded database must load when it opens: those the discoverable modules
 * declare in package.json (read without running their code).
 */
export async function declaredByModules(hostDir: string, addonsPaths: readonly string[]): Promise<string[]> {
  const { modules } = await discoverModules({ hostDir, addonsPaths });
  return [...new Set(modules.flatMap((m) => m.extensions ?? []))].sort();
}
