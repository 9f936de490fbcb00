// A module's code is identified by the content of its entry: a same-version rebuild and a failed
// import fixed on disk are seen by the next load, plan and install of the same process.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { hubFactory, tempHost } from './helpers.js';

const require = createRequire(import.meta.url);
// The ESM files (what a bundled module would import), by absolute URL: the module lives in a temporary folder.
const kitUrl = pathToFileURL(join(dirname(require.resolve('@hub/kit/package.json')), 'dist/index.js')).href;
const pgCoreUrl = pathToFileURL(require.resolve('drizzle-orm/pg-core').replace(/\.cjs$/, '.js')).href;

/** A module "notes" in <addons>/notes whose entry is `source` (imports kit and drizzle by URL, as a bundle would). */
function writeNotes(addons: string, body: string, version = '1.0.0') {
  const dir = join(addons, 'notes');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@hub/module-notes', version, type: 'module', main: 'index.js', hub: { module: 'notes' } }));
  writeFileSync(join(dir, 'index.js'), `import { defineModule } from '${kitUrl}';\nimport { pgSchema, serial, text } from '${pgCoreUrl}';\n${body}\n`);
}
const notesModule = (columns: string, extra = '') => `
const s = pgSchema('notes');
export const notes = s.table('notes', { id: serial('id').primaryKey(), ${columns} });
export default defineModule({ name: 'notes', schema: { notes }, services: () => ({ answer: () => ${JSON.stringify(columns)} }) ${extra} });`;

describe.each(testDatabases())('code changes on $kind', ({ create }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });
  const setup = async () => {
    const target = await create(); cleanups.push(target.drop);
    const host = tempHost(); cleanups.push(host.rm);
    const addons = join(host.dir, 'addons');
    const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);
    return { addons, open: () => f.open([], { addonsPaths: [addons] }) };
  };

  it('a module whose import fails, fixed on disk, is loaded by the next plan and install of the same process', async () => {
    const { addons, open } = await setup();
    writeNotes(addons, `${notesModule("body: text('body')")}\nthis is not javascript`);
    const hub = await open();
    const failed = await hub.plan({ action: 'install', modules: ['notes'] }).catch((e) => e);
    expect(failed).toMatchObject({ code: 'HUB_MODULE_LOAD_FAILED', module: 'notes' });
    expect((await hub.list()).find((m) => m.name === 'notes')?.loadError?.code).toBe('HUB_MODULE_LOAD_FAILED');

    writeNotes(addons, notesModule("body: text('body')"));
    const plan = await hub.plan({ action: 'install', modules: ['notes'] });
    expect(plan.text).toContain('CREATE TABLE "notes"."notes"');
    await hub.apply({ action: 'install', modules: ['notes'] });
    expect((await hub.list()).find((m) => m.name === 'notes')?.loadError).toBeUndefined();
    expect(await hub.services<{ answer(): string }>('notes').then((s) => s.answer())).toBe("body: text('body')");
  });

  it('a same-version rebuild is seen: new code, new schema status, new services, a new code hash', async () => {
    const { addons, open } = await setup();
    writeNotes(addons, notesModule("body: text('body')"));
    const hub = await open();
    await hub.apply({ action: 'install', modules: ['notes'] });
    const before = await hub.get('notes');
    expect(before.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await hub.schemaStatus('notes')).upToDate).toBe(true);

    writeNotes(addons, notesModule("body: text('body'), title: text('title')"));
    const after = await hub.get('notes');
    expect(after.version).toBe(before.version);
    expect(after.codeHash).not.toBe(before.codeHash);
    expect((await hub.load('notes')).codeHash).toBe(after.codeHash);
    const status = await hub.schemaStatus('notes');
    expect(status.upToDate).toBe(false);
    expect(status.statements.map((s) => s.sql).join('\n')).toContain('ADD COLUMN "title" text');
    expect(await hub.services<{ answer(): string }>('notes').then((s) => s.answer())).toBe("body: text('body'), title: text('title')");
  });

  it('sync takes rename hints in its options (what `hub dev` asks): the column is renamed, its values kept', async () => {
    const { addons, open } = await setup();
    writeNotes(addons, notesModule("body: text('body')"));
    const hub = await open();
    await hub.apply({ action: 'install', modules: ['notes'] });
    await hub.db.query(`INSERT INTO notes.notes (body) VALUES ('kept')`);
    writeNotes(addons, notesModule("content: text('content')"));
    const lossy = await hub.plan({ action: 'sync', modules: ['notes'] });
    expect(lossy.modules[0]!.dataLoss).toEqual(['drops column "notes"."notes"."body" and its values']);
    const request = { action: 'sync' as const, modules: ['notes'], options: { renames: { 'notes.body': 'content' } } };
    const renamed = await hub.plan(request);
    expect(renamed.modules[0]!.dataLoss).toEqual([]);
    expect(renamed.modules[0]!.statements.map((st) => st.sql).join('\n')).toContain('RENAME COLUMN "body" TO "content"');
    await hub.apply(request, { planHash: renamed.hash });
    expect(await hub.db.query('SELECT content FROM notes.notes')).toEqual([{ content: 'kept' }]);
  });
});
