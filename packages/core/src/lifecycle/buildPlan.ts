// The planner: one function per action (planner/plan<Action>.ts) over a shared PlanContext, each
// making its steps with planner/stepBuilder.ts; then the online phase, the hash, and the notes
// (locks, estimates, lint) that may change between plan and apply.
import type { OperationAction, OperationRequest, Plan } from '../hub/types.js';
import { annotatePlan } from '../lint/index.js';
import { PlanContext } from './planner/planContext.js';
import { moveToOnlinePhase } from './planner/moveToOnlinePhase.js';
import { planBackup } from './planner/planBackup.js';
import { planInstall } from './planner/planInstall.js';
import { planRestore } from './planner/planRestore.js';
import { planRollback } from './planner/planRollback.js';
import { planSync } from './planner/planSync.js';
import { planToggle } from './planner/planToggle.js';
import { planUninstall } from './planner/planUninstall.js';
import { planUpgrade } from './planner/planUpgrade.js';
import { planHash } from './planHash.js';
import { planText } from './planText.js';
import { annotateCompatibility } from './compatibility.js';
import { planExtensionSteps } from '../pgExtensions/index.js';
import type { ModuleStep, PlanInput, PreparedPlan } from './types.js';

export { invertRenames } from './planner/stepBuilder.js';

type ActionPlanner = (ctx: PlanContext, request: OperationRequest) => Promise<ModuleStep[]>;

const planners: Record<OperationAction, ActionPlanner> = {
  install: planInstall,
  upgrade: planUpgrade,
  uninstall: planUninstall,
  enable: planToggle,
  disable: planToggle,
  sync: planSync,
  rollback: planRollback,
  backup: planBackup,
  restore: planRestore,
};

/** Plans an operation: which modules, in which order, with which SQL, hooks and data files. */
export async function buildPlan(input: PlanInput): Promise<PreparedPlan> {
  const request = normalizeRequest(input.request);
  const planner = Object.hasOwn(planners, request.action) ? planners[request.action] : undefined;
  if (!planner) throw new Error(`Unknown action ${String(request.action)}`);
  const ctx = new PlanContext(input);
  const steps = await planner(ctx, request);
  await moveToOnlinePhase(input, steps);
  await planExtensionSteps(input.db, steps, request.options?.dropTables === true);
  const modules = steps.map((s) => s.planned);
  const content = { action: request.action, request, modules, warnings: ctx.warnings };
  const hash = planHash(content);
  // Locks, estimates and lint come after the hash: row estimates move between plan and apply.
  await annotatePlan(input.db, modules);
  const compatible = annotateCompatibility(modules);
  const plan: Plan = { ...content, hash, ...(compatible === undefined ? {} : { compatible }), text: '' };
  plan.text = planText(plan);
  return { plan, steps };
}

function normalizeRequest(r: OperationRequest): OperationRequest {
  const options = Object.fromEntries(Object.entries(r.options ?? {}).filter(([, v]) => v !== undefined));
  return { action: r.action, modules: [...new Set(r.modules ?? [])], options };
}
