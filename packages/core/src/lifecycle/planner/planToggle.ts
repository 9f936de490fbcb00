// enable / disable: state only (no SQL); a warning names the modules that call a disabled one or
// that an enabled one needs.
import type { OperationRequest } from '../../hub/types.js';
import { baseRequired, notInstalled } from '../lifecycleErrors.js';
import type { ModuleStep } from '../types.js';
import { isInstalled, type PlanContext } from './planContext.js';
import { moduleStep } from './stepBuilder.js';

export async function planToggle(ctx: PlanContext, request: OperationRequest): Promise<ModuleStep[]> {
  const enable = request.action === 'enable';
  const rows = ctx.rows;
  const steps: ModuleStep[] = [];
  const graph = ctx.graph();
  for (const name of request.modules) {
    const row = rows.get(name);
    if (!enable && name === 'base') throw baseRequired('disabled');
    if (!isInstalled(row)) { if (!row) ctx.info(name); throw notInstalled(name, enable ? 'enabled' : 'disabled'); }
    if (row.enabled === enable) { ctx.warnings.push(`"${name}" is already ${enable ? 'enabled' : 'disabled'}`); continue; }
    if (!enable) {
      const on = graph.dependentsOf(name, { transitive: true }).filter((d) => rows.get(d)?.enabled && isInstalled(rows.get(d)));
      if (on.length) ctx.warnings.push(`"${name}" is used by enabled module(s) ${on.join(', ')}: their calls to it will fail while it is disabled`);
    } else {
      const off = graph.dependenciesOf(name, { transitive: true }).filter((d) => rows.get(d) && !rows.get(d)!.enabled);
      if (off.length) ctx.warnings.push(`"${name}" depends on disabled module(s) ${off.join(', ')}`);
    }
    steps.push(moduleStep({ name, action: request.action, fromVersion: row.version, toVersion: row.version }, { row }));
  }
  return steps;
}
