import { HubError, isHubError } from '@hub/kit';
import type { SqlExecutor } from '../db/types.js';
import { quoteIdent as q } from './moduleRole.js';

interface ViewRow { name: string; materialized: boolean; definition: string; invoker: boolean }

/**
 * The host creates (and so owns) the views in a module's schema, and PostgreSQL runs a view with
 * its owner's rights; a materialized view is computed by its owner at CREATE and REFRESH. So that
 * no view shows a module what its own role may not read (base's password hashes, a schema it does
 * not depend on):
 * - every view runs with the rights of whoever queries it (security_invoker, PostgreSQL 15+);
 * - every definition, of views and materialized views alike, is run once as the module's role
 *   (LIMIT 0: PostgreSQL checks every table and column it names before reading a row); a refusal
 *   refuses the change (HUB_MODULE_VIEW_DENIED), and the transaction takes back what it created.
 * The apply runs this after each module's schema step and again for every installed module at its
 * end, when grants may have shrunk; so the host may refresh a module's materialized view for it.
 */
export async function secureModuleViews(tx: SqlExecutor, asModule: SqlExecutor, module: string): Promise<void> {
  const views = await tx.query<ViewRow>(
    `SELECT c.relname AS name, c.relkind = 'm' AS materialized, pg_get_viewdef(c.oid) AS definition,
            coalesce(array_to_string(c.reloptions, ',') ~* '(^|,)security_invoker=(true|on|yes|1)(,|$)', false) AS invoker
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('v', 'm') ORDER BY c.relname`, [module]);
  for (const view of views) {
    if (!view.materialized && !view.invoker) await tx.exec(`ALTER VIEW ${q(module)}.${q(view.name)} SET (security_invoker = true)`);
    const definition = view.definition.trim().replace(/;\s*$/, '');
    try {
      await asModule.query(`SELECT * FROM (${definition}) AS hub_view_check LIMIT 0`);
    } catch (error) {
      throw viewDenied(module, view, error);
    }
  }
}

function viewDenied(module: string, view: ViewRow, error: unknown): unknown {
  let denied = error;
  while (denied && !isHubError(denied) && (denied as { cause?: unknown }).cause) denied = (denied as { cause?: unknown }).cause;
  if (!isHubError(denied) || denied.code !== 'HUB_MODULE_PERMISSION_DENIED') return error;
  const details = (denied.details ?? {}) as { object?: string; privilege?: string };
  const kind = view.materialized ? 'materialized view' : 'view';
  const object = details.object ?? 'an object';
  return new HubError('HUB_MODULE_VIEW_DENIED', `Module "${module}": ${kind} ${module}.${view.name} reads ${object}, which the module's role may not read`, {
    module, status: 422, cause: error,
    hint: `A module's views show only what the module itself may read: select from its own schema and the modules it depends on (never their secret columns), or declare more in defineModule({ access }).`,
    details: { module, view: `${module}.${view.name}`, materialized: view.materialized, object, privilege: details.privilege ?? 'select' },
  });
}
