// Plan, show, confirm, apply with the plan's hash: the flow of every changing command.
import { HubError } from '@hub/kit/errors';
import type { Backend, OperationRequest, OperationResult, Plan } from './backend/types.js';
import { planDataLoss, planText, resultText } from './format.js';
import type { HubCommand } from './HubCommand.js';

export interface OperationFlow {
  /** Always ask (uninstall, rollback, restore). */
  destructive?: boolean;
  /** Data loss in the plan is refused (sync without --accept-data-loss) rather than asked about. */
  refuseDataLoss?: boolean;
  yes?: boolean;
  /** "uninstall contacts": used in the question and the refusal off a terminal. */
  what: string;
}

export async function runOperation(cmd: HubCommand, backend: Backend, request: OperationRequest, flow: OperationFlow): Promise<OperationResult | undefined> {
  const c = cmd;
  const plan: Plan = await backend.plan(request);
  if (!c.jsonMode) c.print(planText(plan));
  if (plan.modules.length === 0) {
    c.output({ plan, result: null }, () => 'Nothing to do.');
    return undefined;
  }
  const loss = planDataLoss(plan);
  if (loss.length > 0 && flow.refuseDataLoss) {
    throw new HubError('HUB_DATA_LOSS_NOT_ACCEPTED', `${flow.what} would lose data: ${loss.join('; ')}`, {
      hint: 'review the statements above and pass --accept-data-loss (a backup is taken first)',
    });
  }
  if (flow.destructive || loss.length > 0) {
    const question = loss.length > 0
      ? `${flow.what} loses data (${loss.join('; ')}); a backup is taken first. Go on?`
      : `${flow.what}?`;
    if (!(await c.confirm(question, flow.what, flow.yes))) { c.declined(); return undefined; }
  }
  const progress = await c.progress(flow.what);
  let result: OperationResult;
  try {
    result = await backend.apply(request, { planHash: plan.hash, onProgress: progress.onProgress });
  } catch (err) {
    progress.fail();
    throw err;
  }
  progress.succeed(flow.what);
  c.output(result, () => resultText(result));
  return result;
}
