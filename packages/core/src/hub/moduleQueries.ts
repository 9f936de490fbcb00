// The read-only questions about modules (list, get, validate, graph, schema status), each
// answered from one catalog view and the state rows.
import { DependencyGraph } from '../graph/index.js';
import { moduleNotFound } from '../errors.js';
import { extensionProblems } from '../extensions/index.js';
import { readOpenSteps } from '../online/index.js';
import { describeAccess } from '../roles/index.js';
import { renameHintUnknown, unknownRenameHints, type Snapshot } from '../schema/index.js';
import { readModuleRows, readOwnership } from '../state/index.js';
import type { EngineContext } from './engineContext.js';
import { moduleInfos } from './moduleInfo.js';
import type { GraphInfo, ModuleFilter, ModuleInfo, SchemaStatus, ValidationReport } from './types.js';
import { validateModule } from './validateModule.js';

export async function listModules(ctx: EngineContext, filter: ModuleFilter = {}): Promise<ModuleInfo[]> {
  const [view, rows] = await Promise.all([ctx.catalog.view(), readModuleRows(ctx.db)]);
  return moduleInfos(view.modules, rows, (name) => ctx.catalog.loader.failure(name), filter);
}

/** One module with what it owns, its code hash, its open online steps and its role's access. */
export async function getModule(ctx: EngineContext, name: string): Promise<ModuleInfo> {
  const [view, rows] = await Promise.all([ctx.catalog.view(), readModuleRows(ctx.db)]);
  const found = moduleInfos(view.modules, rows, (n) => ctx.catalog.loader.failure(n)).find((m) => m.name === name);
  if (!found) throw moduleNotFound(name);
  const owns = (await readOwnership(ctx.db, name)).map(({ schema, table, column, kind }) =>
    (kind === 'index' ? { kind, schema, table, name: column! } : column === null ? { kind, schema, name: table || schema } : { kind, schema, table, name: column }));
  const codeHash = found.entry ? await ctx.catalog.loader.codeHash(found.entry).catch(() => undefined) : undefined;
  const online = (await readOpenSteps(ctx.db, name)).map(({ id, sql, state, attempts, lastError }) => ({ id, sql, state: state as 'pending' | 'running' | 'failed', attempts, lastError }));
  let access: string[] | undefined;
  if (found.state === 'installed' && ctx.rolePrefix() !== undefined) {
    try {
      const loaded = new Map((await view.loadInstalled(rows)).map((l) => [l.info.name, l]));
      const extension = owns.filter((o) => o.kind === 'column' && o.schema !== name).map((o) => `${o.schema}.${(o as { table: string }).table}.${o.name}`);
      access = describeAccess(name, loaded, extension);
    } catch { /* a module that does not load shows no access */ }
  }
  return { ...found, owns, ...(codeHash ? { codeHash } : {}), ...(online.length ? { online } : {}), ...(access ? { access } : {}) };
}

/** validateModule, then what needs the schema: extensions that fit, rename hints that name something. */
export async function validateModuleFully(ctx: EngineContext, name: string): Promise<ValidationReport> {
  const view = await ctx.catalog.view();
  const { modules, problems } = view;
  const rows = await readModuleRows(ctx.db);
  const report = await validateModule({ name, modules, problems, rows, kitVersion: ctx.kitVersion, load: view.load, env: ctx.env, db: ctx.db });
  if (modules.has(name) && !report.errors.some((e) => e.code === 'HUB_MODULE_LOAD_FAILED')) {
    try {
      const loaded = await view.load(name);
      for (const p of await extensionProblems({ loaded, modules, rows, load: view.load })) {
        report.errors.push({ category: 'schema', severity: 'error', ...p } as never);
      }
      // A rename hint naming nothing in the schema (code or installed) would be ignored: refuse it.
      const renames = loaded.definition.renames ?? {};
      const installedSnapshot = rows.get(name)?.state === 'installed' ? [rows.get(name)!.snapshot as Snapshot] : [];
      const unknown = unknownRenameHints([await ctx.schemas.snapshotOf(loaded), ...installedSnapshot], renames, name);
      if (unknown.length) {
        const e = renameHintUnknown(name, unknown);
        report.errors.push({ category: 'schema', severity: 'error', code: e.code, message: e.message, hint: e.hint } as never);
      }
    } catch { /* reported by validateModule */ }
    report.valid = report.errors.length === 0;
  }
  return report;
}

export async function moduleGraph(ctx: EngineContext): Promise<GraphInfo> {
  const [{ modules }, rows] = await Promise.all([ctx.catalog.view(), readModuleRows(ctx.db)]);
  const graph = DependencyGraph.fromModules([...modules.values()]);
  const nodes = graph.names().map((name) => {
    const row = rows.get(name);
    return { name, state: row?.state ?? ('available' as const), enabled: row?.state === 'installed' && row.enabled };
  });
  const edges = graph.names().flatMap((from) => graph.dependenciesOf(from).filter((to) => modules.has(to)).map((to) => ({ from, to })));
  let order: string[];
  try { order = graph.order(); } catch { order = graph.names(); }
  return { nodes, edges, order };
}

/** What sync would run now: the diff between the installed snapshot and the code's schema. */
export async function schemaStatus(ctx: EngineContext, name: string): Promise<SchemaStatus> {
  const [view, rows] = await Promise.all([ctx.catalog.view(), readModuleRows(ctx.db)]);
  const row = rows.get(name);
  if (!row || row.state !== 'installed') {
    view.find(name);
    return { module: name, installed: false, upToDate: false, statements: [], dataLoss: [] };
  }
  const loaded = await view.load(name);
  const diff = await ctx.schemas.diff({ previous: row.snapshot as Snapshot, current: await ctx.schemas.snapshotOf(loaded), renames: loaded.definition.renames, moduleName: name });
  const statements = diff.statements.map((s) => (s.dataLoss ? { sql: s.sql, dataLoss: s.dataLoss } : { sql: s.sql }));
  return { module: name, installed: true, upToDate: statements.length === 0, statements, dataLoss: diff.dataLoss };
}
