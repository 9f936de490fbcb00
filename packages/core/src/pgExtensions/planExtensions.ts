import type { SqlExecutor } from '../db/types.js';
import type { PlannedExtension } from '../hub/types.js';
import type { ModuleStep } from '../lifecycle/types.js';
import { extensionProblems } from './extensionIssues.js';
import { quoteExtension } from './extensionNames.js';
import { extensionUsers, readCreatedExtensions, readExtensionNeeds } from './extensionState.js';
import { readExtensions } from './extensionStatus.js';

type Query = Pick<SqlExecutor, 'query'>;

/**
 * The extension step of each module in a plan (PlannedModule.extensions):
 * - install, upgrade, sync: every extension the module declares is created before its DDL
 *   (`create`) or is in the database already (`present`); one the database does not have, or may
 *   not create, refuses the plan (HUB_PG_EXTENSION_MISSING, HUB_PG_EXTENSION_PRIVILEGE), so
 *   nothing is written. Extensions it no longer declares are kept.
 * - uninstall: its tables are kept without dropTables, and so are the extensions they use. With
 *   dropTables an extension is dropped only if Hub created it, no other module needs it (installed,
 *   or uninstalled with its tables kept) and nothing else in the database uses it.
 */
export async function planExtensionSteps(db: Query, steps: ModuleStep[], dropTables: boolean): Promise<void> {
  const schemaSteps = steps.filter((s) => ['install', 'upgrade', 'sync'].includes(s.planned.action));
  const uninstalls = steps.filter((s) => s.planned.action === 'uninstall');
  const declared = (s: ModuleStep) => s.info?.extensions ?? [];
  if (schemaSteps.length === 0 && uninstalls.length === 0) return;
  const needs = await readExtensionNeeds(db);
  if (!steps.some((s) => declared(s).length || needs.has(s.planned.name))) return;

  const names = [...new Set([...steps.flatMap(declared), ...[...needs.values()].flat()])];
  const database = await readExtensions(db, names);
  const created = await readCreatedExtensions(db);
  const createdInPlan = new Set<string>();
  const droppedSchemas: string[] = [];

  for (const step of steps) {
    const name = step.planned.name;
    const action = step.planned.action;
    const out: PlannedExtension[] = [];
    if (['install', 'upgrade', 'sync'].includes(action)) {
      const wanted = declared(step);
      const problems = await extensionProblems(database, name, wanted, createdInPlan);
      if (problems.length) throw problems[0];
      for (const n of wanted) {
        const st = database.status.get(n)!;
        const version = st.installedVersion ?? st.defaultVersion;
        if (st.installedVersion || createdInPlan.has(n)) out.push({ name: n, action: 'present', ...(version ? { version } : {}) });
        else {
          createdInPlan.add(n);
          out.push({ name: n, action: 'create', ...(version ? { version } : {}), sql: `CREATE EXTENSION IF NOT EXISTS ${quoteExtension(n)}` });
        }
      }
      for (const n of needs.get(name) ?? []) if (!wanted.includes(n)) out.push({ name: n, action: 'keep', reason: 'no longer declared by the module; kept (its data may still use it)' });
      needs.set(name, wanted);
    } else if (action === 'uninstall') {
      const own = needs.get(name) ?? [];
      if (!dropTables) {
        for (const n of own) out.push({ name: n, action: 'keep', reason: 'the module\'s tables are kept (uninstall without dropTables)' });
      } else {
        needs.delete(name);
        droppedSchemas.push(name);
        for (const n of own) {
          const others = [...needs.entries()].filter(([, list]) => list.includes(n)).map(([m]) => m);
          const users = created.has(n) && !others.length ? await extensionUsers(db, n, droppedSchemas) : [];
          if (!created.has(n)) out.push({ name: n, action: 'keep', reason: 'it was in the database before Hub needed it' });
          else if (others.length) out.push({ name: n, action: 'keep', reason: `needed by module${others.length > 1 ? 's' : ''} ${others.join(', ')}` });
          else if (users.length) out.push({ name: n, action: 'keep', reason: `still used by ${users.slice(0, 3).join(', ')}${users.length > 3 ? ', ...' : ''}` });
          else out.push({ name: n, action: 'drop', reason: 'Hub created it and nothing else needs it', sql: `DROP EXTENSION ${quoteExtension(n)}` });
        }
      }
    }
    if (out.length) step.planned.extensions = out;
  }
}
