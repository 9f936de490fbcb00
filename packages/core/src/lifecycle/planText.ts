import type { Plan } from '../hub/types.js';

/** The printable form of a plan: what the CLI prints and the admin shows. */
export function planText(plan: Omit<Plan, 'text'>): string {
  const lines: string[] = [];
  const n = plan.modules.length;
  lines.push(`Plan: ${plan.action} ${plan.request.modules.join(', ') || '(all)'}: ${n} module${n === 1 ? '' : 's'} (hash ${plan.hash.slice(0, 12)})`);
  if (n === 0) lines.push('Nothing to do.');
  plan.modules.forEach((m, i) => {
    const versions = m.fromVersion && m.toVersion && m.fromVersion !== m.toVersion
      ? `${m.fromVersion} -> ${m.toVersion}`
      : m.toVersion ?? m.fromVersion ?? '';
    lines.push('', `${i + 1}. ${m.action} ${m.name}${versions ? ` ${versions}` : ''} (${m.reason})`);
    if (m.backupTables.length) lines.push(`   Backup first: ${m.backupTables.join(', ')}`);
    if (m.extensions?.length) lines.push(`   Extensions: ${m.extensions.map(extensionText).join('; ')}`);
    if (m.statements.length) {
      lines.push('   SQL:');
      for (const s of m.statements) {
        const sql = s.sql.split('\n').map((l, j) => (j === 0 ? l : `       ${l}`)).join('\n');
        lines.push(`     ${sql}${s.dataLoss ? `   -- DATA LOSS: ${s.dataLoss}` : ''}`);
        if (s.table && s.lock) lines.push(`       -- ${impactLine(s)}`);
        for (const w of s.lint ?? []) lines.push(`       ! ${w.rule}: ${w.message}`, `         safe: ${w.safe}`);
      }
    } else if (['install', 'upgrade', 'sync', 'rollback'].includes(m.action)) {
      lines.push('   SQL: (no schema change)');
    }
    if (m.online?.length) {
      lines.push('   Online phase (after the commit; recorded, resumed after a crash, retried):');
      for (const s of m.online) {
        lines.push(`     ${s.sql}`);
        if (s.table && s.lock) lines.push(`       -- ${impactLine(s)}`);
      }
    }
    for (const d of m.dataLoss) lines.push(`   ! data loss: ${d}`);
    if (m.compatibility) lines.push(...compatibilityLines(m));
    if (m.hooks.length) lines.push(`   Hooks: ${m.hooks.join(', ')}`);
    if (m.dataFiles.length) lines.push(`   Data files: ${m.dataFiles.join(', ')}`);
    if (m.access?.length) lines.push(`   Database access: ${m.access.join('; ')}`);
  });
  if (plan.warnings.length) {
    lines.push('', 'Warnings:');
    for (const w of plan.warnings) lines.push(`  - ${w}`);
  }
  return lines.join('\n');
}

/** Whether instances still running the version before keep serving the module after this step. */
function compatibilityLines(m: Plan['modules'][number]): string[] {
  const before = m.fromVersion ? `${m.fromVersion} code` : 'older code';
  if (m.compatibility!.compatible) return [`   Compatible: additive only, instances running ${before} keep serving`];
  return [
    `   Breaking: instances running ${before} answer 503 HUB_MODULE_VERSION_SKEW for ${m.name} until they run ${m.toVersion ?? 'the new'} code`,
    ...m.compatibility!.breaking.map((b) => `     - ${b.reason}`),
  ];
}

/** e.g. "CREATE EXTENSION IF NOT EXISTS "vector" (0.8.0)", "pg_trgm 1.6 (in the database)", "keeps vector (needed by module docs)" */
function extensionText(e: NonNullable<Plan['modules'][number]['extensions']>[number]): string {
  const v = e.version ? ` ${e.version}` : '';
  switch (e.action) {
    case 'create': return `${e.sql}${e.version ? ` (${e.version})` : ''}`;
    case 'present': return `${e.name}${v} (in the database)`;
    case 'drop': return `${e.sql} (${e.reason})`;
    default: return `keeps ${e.name} (${e.reason})`;
  }
}

const rowsText = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : String(n));

/** e.g. "lock SHARE on shop.orders (~2.0M rows), index build: blocks writes" */
function impactLine(s: Plan['modules'][number]['statements'][number]): string {
  const blocks = s.lock === 'ACCESS EXCLUSIVE' ? 'blocks reads and writes' : s.lock === 'SHARE UPDATE EXCLUSIVE' ? 'reads and writes go on' : 'blocks writes';
  const work = s.work && s.work !== 'none' ? `, ${s.work}` : '';
  return `lock ${s.lock} on ${s.table}${s.rows !== undefined ? ` (~${rowsText(s.rows)} rows)` : ''}${work}: ${blocks}`;
}
