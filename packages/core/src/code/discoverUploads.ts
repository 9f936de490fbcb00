import { isHubError } from '@hub/kit';
import type { SqlExecutor } from '../db/types.js';
import { discoverModules, readModuleFolder, type DiscoveryProblem } from '../discovery/index.js';
import type { DiscoveredModule } from '../hub/types.js';
import type { ModuleCodeCache } from './codeCache.js';
import { readUploads } from './codeRows.js';

type Q = Pick<SqlExecutor, 'query'>;

export interface DiscoverWithUploadsOptions {
  hostDir: string;
  addonsPaths?: readonly string[];
  /** Executor of the caller (a transaction's, on the embedded database's one session). */
  db: Q;
  cache: ModuleCodeCache;
  /** What the host provides to uploaded modules (hostPackageDirs). */
  hostPackages: ReadonlyMap<string, string>;
}

/** The code an installed uploaded module runs, when it is not the code uploaded last (see installedCodeOf). */
const installedVariants = new WeakMap<DiscoveredModule, DiscoveredModule | DiscoveryProblem>();

/**
 * Discovery with the uploaded modules of the database: the current upload of each module is
 * materialized into the local cache (checked against its sha256) and discovered from there, after
 * the host's dependencies and ADDONS_PATHS. When an installed module runs other uploaded code than
 * the newest (an upgrade not applied yet, a rollback), that code is materialized too.
 */
export async function discoverWithUploads(options: DiscoverWithUploadsOptions): Promise<{ modules: Map<string, DiscoveredModule>; problems: DiscoveryProblem[] }> {
  const { db, cache } = options;
  const uploads = await readUploads(db);
  const problems: DiscoveryProblem[] = [];
  const bySha = new Map<string, string>();
  const dirs: string[] = [];
  for (const u of uploads) {
    try {
      const dir = await cache.ensure(db, u.sha256, u.module);
      dirs.push(dir);
      bySha.set(dir, u.sha256);
    } catch (error) {
      problems.push(problemOf(error, u.module));
    }
  }
  const run = () => discoverModules({ hostDir: options.hostDir, addonsPaths: options.addonsPaths, uploadedDirs: dirs });
  let found = await run();
  // Uploaded modules import the host's packages and the hub modules they depend on through
  // links next to them; discovery reads their dependencies through those links, so when the
  // links change it runs again.
  if (uploads.length && (await linkModules(cache, options.hostPackages, found.modules))) found = await run();

  const modules = new Map(found.modules.map((m) => [m.name, m]));
  for (const m of modules.values()) if (m.source === 'upload') m.codeSha256 = bySha.get(m.dir);
  for (const u of uploads) {
    const info = modules.get(u.module);
    if (!info || info.source !== 'upload' || !u.installedSha256 || u.installedSha256 === info.codeSha256) continue;
    try {
      const dir = await cache.ensure(db, u.installedSha256, u.module);
      const variant = await readModuleFolder(dir, 'upload');
      if (variant && 'entry' in variant) variant.codeSha256 = u.installedSha256;
      installedVariants.set(info, variant ?? { code: 'HUB_MODULE_CODE_MISSING', message: `The installed code of "${u.module}" is not a module package`, module: u.module });
    } catch (error) {
      installedVariants.set(info, problemOf(error, u.module));
    }
  }
  return { modules, problems: [...problems, ...found.problems] };
}

/** Links what the host provides and every discovered module next to the uploaded code; answers whether a link changed. */
export function linkModules(cache: ModuleCodeCache, hostPackages: ReadonlyMap<string, string>, modules: Iterable<DiscoveredModule>): Promise<boolean> {
  const links = new Map(hostPackages);
  for (const m of modules) if (!links.has(m.packageName)) links.set(m.packageName, m.dir);
  return cache.link(links);
}

/**
 * The code an installed module runs: for an uploaded module, the code recorded with its install
 * (hub.modules.code_sha256), which is not the newest upload before an upgrade or after a rollback.
 * Throws when that code could not be materialized.
 */
export function installedCodeOf(info: DiscoveredModule, row: { state: string; codeSha256?: string | null } | undefined): DiscoveredModule {
  if (!row || row.state !== 'installed' || !row.codeSha256 || info.source !== 'upload' || info.codeSha256 === row.codeSha256) return info;
  const variant = installedVariants.get(info);
  if (variant && 'entry' in variant) return variant;
  throw Object.assign(new Error(variant?.message ?? `The installed code of "${info.name}" (${row.codeSha256.slice(0, 12)}) is not on this instance`), { code: variant?.code ?? 'HUB_MODULE_CODE_MISSING' });
}

function problemOf(error: unknown, module: string): DiscoveryProblem {
  return { code: isHubError(error) ? error.code : 'HUB_MODULE_CODE_MISSING', message: (error as Error).message, module };
}
