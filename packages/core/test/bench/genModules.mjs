// Generated modules for benchmarks: plain ESM packages in a temporary folder whose node_modules
// points at packages/core's, so they resolve @hub/kit and drizzle-orm like real modules.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const coreModules = fileURLToPath(new URL('../../node_modules', import.meta.url));

/** A temporary root: <root>/node_modules -> packages/core/node_modules, modules go in <root>/addons. */
export function benchRoot(prefix = 'hub-bench-') {
  const root = mkdtempSync(join(tmpdir(), prefix));
  symlinkSync(coreModules, join(root, 'node_modules'), 'dir');
  mkdirSync(join(root, 'addons'));
  mkdirSync(join(root, 'host'));
  writeFileSync(join(root, 'host', 'package.json'), JSON.stringify({ name: 'bench-host', version: '0.0.0', private: true, dependencies: {} }));
  return root;
}

/** Schema source of `tables` tables in pgSchema(name): each with a few columns, an index, and a FK to an earlier table. */
export function schemaSource(name, tables) {
  const lines = [
    "import { pgSchema, serial, integer, text, numeric, boolean, timestamp, index, uniqueIndex } from 'drizzle-orm/pg-core';",
    `export const s = pgSchema('${name}');`,
  ];
  for (let i = 0; i < tables; i++) {
    const ref = i > 0 ? `  parentId: integer('parent_id').references(() => t${Math.floor(i / 2)}.id),\n` : '';
    lines.push(`export const t${i} = s.table('t${i}', {
  id: serial('id').primaryKey(),
  code: text('code').notNull(),
  label: text('label'),
  amount: numeric('amount', { precision: 14, scale: 2 }).default('0'),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
${ref}}, (t) => [uniqueIndex('t${i}_code_uq').on(t.code), index('t${i}_label_idx').on(t.label)${i > 0 ? `, index('t${i}_parent_idx').on(t.parentId)` : ''}]);`);
  }
  return lines.join('\n') + '\n';
}

/** Writes module `name` (package @hub/module-<name>) with `tables` tables and optional dependencies. */
export function writeModule(root, name, { tables = 3, depends = [], version = '1.0.0' } = {}) {
  const dir = join(root, 'addons', name);
  mkdirSync(dir, { recursive: true });
  const deps = Object.fromEntries(depends.map((d) => [`@hub/module-${d.replace(/_/g, '-')}`, '^1.0.0']));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: `@hub/module-${name.replace(/_/g, '-')}`, version, type: 'module', main: 'index.js',
    hub: { module: name }, dependencies: deps, peerDependencies: { '@hub/kit': '^0.1.0' },
  }, null, 2));
  writeFileSync(join(dir, 'schema.js'), schemaSource(name, tables));
  writeFileSync(join(dir, 'index.js'), `import { defineModule } from '@hub/kit';
import * as schema from './schema.js';
export default defineModule({ name: '${name}', schema });
`);
  return dir;
}
