// The plan stage: the planner over one catalog view and the state rows, what each module's role
// will be granted, and (under the lock) the checks that the plan is still the one approved.
import type { Database } from '../../db/types.js';
import { buildPlan } from '../../lifecycle/buildPlan.js';
import { dataLossRefused, planChanged } from '../../lifecycle/lifecycleErrors.js';
import { planHashMatches } from '../../lifecycle/planHash.js';
import { planText } from '../../lifecycle/planText.js';
import type { PreparedPlan } from '../../lifecycle/types.js';
import { describeAccess } from '../../roles/index.js';
import type { Snapshot } from '../../schema/index.js';
import type { ModuleRow } from '../../state/index.js';
import type { CatalogView } from '../catalog.js';
import type { EngineContext } from '../engineContext.js';
import type { OperationRequest } from '../types.js';

export async function planStage(
  ctx: EngineContext, request: OperationRequest, db: Pick<Database, 'query'>, view: CatalogView, rows: Map<string, ModuleRow>,
): Promise<PreparedPlan> {
  const prepared = await buildPlan({
    request, discovered: view.modules, rows, kitVersion: ctx.kitVersion, db,
    load: view.load, snapshotOf: ctx.schemas.snapshotOf, diff: ctx.schemas.diff,
    env: ctx.env, onlineRows: ctx.options.onlineRows,
  });
  if (ctx.rolePrefix() !== undefined) await describePlanAccess(prepared, view, rows);
  return prepared;
}

/** Refuses a plan that is not the approved one (planHash) or that loses data not accepted. */
export function checkPlan(prepared: PreparedPlan, request: OperationRequest, planHash: string | undefined): void {
  const { plan } = prepared;
  if (planHash && !planHashMatches(planHash, plan.hash)) throw planChanged(planHash, plan.hash);
  // An uninstall's drops are what was asked for; everything else loses data only if accepted.
  const loss = prepared.steps.filter((s) => s.planned.action !== 'uninstall').flatMap((s) => s.planned.dataLoss);
  if (loss.length && !request.options?.acceptDataLoss) throw dataLossRefused(loss);
}

/** Adds to each install/upgrade/sync step what the module's role will be granted. */
async function describePlanAccess(prepared: PreparedPlan, view: CatalogView, rows: Map<string, ModuleRow>): Promise<void> {
  const steps = prepared.steps.filter((s) => s.loaded && ['install', 'upgrade', 'sync'].includes(s.planned.action));
  if (!steps.length) return;
  const loaded = new Map((await view.loadInstalled(rows, steps.map((s) => s.loaded!))).map((l) => [l.info.name, l]));
  for (const step of steps) {
    const name = step.planned.name;
    const extension = Object.values((step.after as Snapshot | undefined)?.tables ?? {})
      .filter((t) => (t.schema || 'public') !== name).flatMap((t) => Object.keys(t.columns).map((c) => `${t.schema}.${t.name}.${c}`));
    step.planned.access = describeAccess(name, loaded, extension);
  }
  const { text: _text, ...rest } = prepared.plan;
  prepared.plan.text = planText(rest);
}
