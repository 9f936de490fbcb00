// Plain-text renderings for terminals and logs. --json prints the values themselves.
import type { GraphInfo, ModuleInfo, OperationResult, Plan, SchemaStatus, ValidationReport } from './backend/types.js';

export function table(rows: Record<string, unknown>[], columns: string[]): string {
  const cells = rows.map((r) => columns.map((c) => (r[c] === undefined || r[c] === null ? '' : String(r[c]))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (vals: string[]) => vals.map((v, i) => (i === vals.length - 1 ? v : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...cells.map(line)].join('\n');
}

export function moduleRows(modules: ModuleInfo[]): string {
  if (modules.length === 0) return 'No modules.';
  return table(modules.map((m) => ({
    name: m.name,
    version: m.installedVersion && m.installedVersion !== m.version ? `${m.installedVersion} -> ${m.version}` : m.version,
    state: m.state === 'installed' && !m.enabled ? 'installed (disabled)' : m.state,
    category: m.category,
    summary: m.loadError ? `! ${m.loadError.code}` : m.summary ?? m.description,
  })), ['name', 'version', 'state', 'category', 'summary']);
}

export function moduleDetails(m: ModuleInfo): string {
  const lines: [string, unknown][] = [
    ['name', m.name], ['package', m.packageName], ['version', m.version], ['installed version', m.installedVersion],
    ['state', m.state], ['enabled', m.state === 'installed' ? m.enabled : undefined], ['upgradable', m.upgradable || undefined],
    ['summary', m.summary], ['description', m.description], ['category', m.category], ['application', m.application || undefined],
    ['author', m.author], ['license', m.license], ['homepage', m.homepage],
    ['depends', m.depends?.join(', ') || undefined], ['dependents', m.dependents?.join(', ') || undefined],
    ['host range', m.hostRange], ['folder', m.dir], ['source', m.source], ['installed at', m.installedAt],
    ['load error', m.loadError ? `${m.loadError.code}: ${m.loadError.message}` : undefined],
  ];
  return lines.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${(k + ':').padEnd(19)}${v}`).join('\n');
}

/** The plan as the engine prints it, or a rendering of its parts when it has no text. */
export function planText(plan: Plan): string {
  if (plan.text) return plan.text;
  const out: string[] = [`Plan: ${plan.action} ${plan.modules.map((m) => m.name).join(', ')}`];
  for (const m of plan.modules) {
    out.push(`\n${m.action} ${m.name}${m.toVersion ? ` ${m.fromVersion ? m.fromVersion + ' -> ' : ''}${m.toVersion}` : ''} (${m.reason})`);
    for (const s of m.statements) out.push(`  ${s.sql}${s.dataLoss ? `   -- DATA LOSS: ${s.dataLoss}` : ''}`);
    for (const d of m.dataLoss) out.push(`  ! ${d}`);
  }
  for (const w of plan.warnings) out.push(`warning: ${w}`);
  return out.join('\n');
}

export function planDataLoss(plan: Plan): string[] {
  return plan.modules.flatMap((m) => m.dataLoss.map((d) => `${m.name}: ${d}`));
}

const PAST: Record<string, string> = {
  install: 'Installed', upgrade: 'Upgraded', uninstall: 'Uninstalled', enable: 'Enabled', disable: 'Disabled',
  sync: 'Synced the schema of', rollback: 'Rolled back', backup: 'Backed up', restore: 'Restored',
};

export function resultText(result: OperationResult): string {
  const mods = result.plan?.modules?.map((m) => (m.toVersion && ['install', 'upgrade'].includes(m.action) ? `${m.name} ${m.toVersion}` : m.name)) ?? result.changed ?? [];
  const lines = [`${PAST[result.action] ?? result.action} ${mods.join(', ') || '(nothing)'} in ${Math.round(result.durationMs ?? 0)} ms (operation ${result.operationId}).`];
  for (const b of result.backups ?? []) lines.push(`Backup ${b.id} of ${b.module}: ${b.path}`);
  return lines.join('\n');
}

export function validationText(name: string, r: ValidationReport): string {
  const lines = [r.valid ? `${name}: valid` : `${name}: invalid`];
  for (const e of r.errors) lines.push(`  error   [${e.category}] ${e.code}: ${e.message}`);
  for (const w of r.warnings) lines.push(`  warning [${w.category}] ${w.code}: ${w.message}`);
  return lines.join('\n');
}

export function schemaStatusText(s: SchemaStatus): string {
  if (!s.installed) return `${s.module}: not installed`;
  if (s.upToDate) return `${s.module}: up to date`;
  const lines = [`${s.module}: ${s.statements.length} pending statement(s)`];
  for (const st of s.statements) lines.push(`  ${st.sql}${st.dataLoss ? `   -- DATA LOSS: ${st.dataLoss}` : ''}`);
  return lines.join('\n');
}

export function graphText(g: GraphInfo, format: 'mermaid' | 'dot' | 'text'): string {
  const id = (n: string) => n.replace(/[^A-Za-z0-9_]/g, '_');
  if (format === 'mermaid') {
    const lines = ['graph TD'];
    for (const n of g.nodes) lines.push(`  ${id(n.name)}["${n.name}${n.state === 'installed' ? (n.enabled ? ' ✓' : ' (disabled)') : ''}"]`);
    for (const e of g.edges) lines.push(`  ${id(e.from)} --> ${id(e.to)}`);
    return lines.join('\n');
  }
  if (format === 'dot') {
    const lines = ['digraph modules {'];
    for (const n of g.nodes) lines.push(`  "${n.name}" [label="${n.name}\\n${n.state}${n.state === 'installed' && !n.enabled ? ' (disabled)' : ''}"${n.state === 'installed' ? ', style=bold' : ''}];`);
    for (const e of g.edges) lines.push(`  "${e.from}" -> "${e.to}";`);
    lines.push('}');
    return lines.join('\n');
  }
  const deps = new Map<string, string[]>();
  for (const e of g.edges) deps.set(e.from, [...(deps.get(e.from) ?? []), e.to]);
  return g.order.map((n) => `${n}${deps.get(n)?.length ? ' -> ' + deps.get(n)!.join(', ') : ''}`).join('\n');
}
