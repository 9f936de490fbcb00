import { estimatedRows } from '../../lint/index.js';
import { DEFAULT_ONLINE_ROWS, splitOnline } from '../../online/index.js';
import type { ModuleStep, PlanInput } from '../types.js';

/** Index builds and constraint checks on big existing tables, and concurrently() indexes, go after the commit (see splitOnline). */
export async function moveToOnlinePhase(input: PlanInput, steps: ModuleStep[]): Promise<void> {
  const threshold = input.onlineRows ?? DEFAULT_ONLINE_ROWS;
  const schemaSteps = steps.filter((s) => ['install', 'upgrade', 'sync'].includes(s.planned.action) && s.planned.statements.length);
  const declared = schemaSteps.some((s) => s.planned.statements.some((st) => st.concurrently));
  if ((!Number.isFinite(threshold) && !declared) || schemaSteps.length === 0) return;
  const named = new Set<string>();
  for (const s of schemaSteps) for (const st of s.planned.statements) for (const t of st.sql.matchAll(/"((?:[^"]|"")+)"\."((?:[^"]|"")+)"/g)) named.add(`${t[1]!.replace(/""/g, '"')}.${t[2]!.replace(/""/g, '"')}`);
  const rows = await estimatedRows(input.db, [...named]);
  for (const s of schemaSteps) {
    const { statements, online } = splitOnline(s.planned.statements, rows, threshold, schemaSteps.flatMap((x) => x.planned.statements));
    if (online.length === 0) continue;
    s.planned.statements = statements;
    s.planned.online = online;
  }
}
