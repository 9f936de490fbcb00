import type { HubError } from '@hub/kit';
import type { SqlExecutor } from '../db/types.js';
import type { DiscoveredModule } from '../hub/types.js';
import { pgExtensionMissing, pgExtensionPrivilege } from './extensionErrors.js';
import { readExtensions, type DatabaseExtensions } from './extensionStatus.js';
import { pgliteCanLoad } from './pgliteExtensions.js';

/**
 * What stands between the module and its extensions in this database: those it lacks
 * (HUB_PG_EXTENSION_MISSING), those only a superuser may create (HUB_PG_EXTENSION_PRIVILEGE).
 * `creatable` are created earlier in the same plan, so they count as there.
 */
export async function extensionProblems(database: DatabaseExtensions, module: string, names: string[], creatable: ReadonlySet<string> = new Set()): Promise<HubError[]> {
  const out: HubError[] = [];
  const missing = names.filter((n) => !database.status.get(n)?.available);
  if (missing.length) {
    const loadable = database.engine === 'pglite' ? (await Promise.all(missing.map(async (n) => ((await pgliteCanLoad(n)) ? n : '')))).filter(Boolean) : [];
    out.push(pgExtensionMissing(module, missing, { engine: database.engine, serverMajor: database.serverMajor, pgliteLoadable: loadable }));
  }
  const forbidden = names.filter((n) => database.status.get(n)?.needsSuperuser && !creatable.has(n));
  if (forbidden.length) out.push(pgExtensionPrivilege(module, forbidden, database.user));
  return out;
}

/** For `validate`: the module's declared extensions as coded issues with the fix. */
export async function extensionIssues(db: Pick<SqlExecutor, 'query'>, info: DiscoveredModule): Promise<{ code: string; message: string; hint?: string }[]> {
  const names = info.extensions ?? [];
  if (names.length === 0) return [];
  const problems = await extensionProblems(await readExtensions(db, names), info.name, names);
  return problems.map((e) => ({ code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) }));
}
