// Uploaded module code lives in the database by sha256: a hub with an empty data folder makes it
// again from there, a changed cache file is made again, a changed database copy is refused, an
// import the host does not provide is refused before anything is kept, and a rollback runs the
// older code again.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { packTree } from '../../src/code/codeArchive.js';
import type { Hub } from '../../src/hub/types.js';
import { under, yazlZip, type Files } from '../../src/intake/testing/archives.js';
import { hubFactory, tempHost } from '../helpers.js';

/** A module "notes" with a table and a service, importing @hub/kit and drizzle-orm by their names as a built module does. */
function notesFiles(version: string, { columns = "body: text('body')", imports = '', extra = {} as Files } = {}): Files {
  return {
    'package.json': JSON.stringify({ name: '@hub/module-notes', version, type: 'module', main: 'index.js', hub: { module: 'notes' }, peerDependencies: { '@hub/kit': '^0.1.0' } }),
    'index.js': `import { defineModule } from '@hub/kit';
import { pgSchema, serial, text } from 'drizzle-orm/pg-core';
${imports}
const s = pgSchema('notes');
export const notes = s.table('notes', { id: serial('id').primaryKey(), ${columns} });
export default defineModule({ name: 'notes', schema: { notes }, services: () => ({ version: () => '${version}' }) });
`,
    ...extra,
  };
}

describe.each(testDatabases())('uploaded module code on $kind', ({ create }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

  const setup = async () => {
    const target = await create(); cleanups.push(target.drop);
    const host = tempHost(); cleanups.push(host.rm);
    const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);
    const open = () => f.open([]);
    const upload = async (hub: Hub, files: Files, replace = false) => {
      const file = join(host.dir, `upload-${Math.random().toString(36).slice(2)}.zip`);
      writeFileSync(file, await yazlZip(under('notes', files)));
      try { return await hub.upload!(file, { replace }); } finally { rmSync(file, { force: true }); }
    };
    const cacheOf = (hub: Hub) => join(hub.options.dataDir, 'modules');
    const stored = async (hub: Hub) => ({
      uploads: await hub.db.query<{ module: string; sha256: string }>('SELECT module, sha256 FROM hub.uploads ORDER BY module'),
      code: await hub.db.query<{ sha256: string; version: string }>('SELECT sha256, version FROM hub.module_code ORDER BY version'),
    });
    return { open, upload, cacheOf, stored, closeAll: f.closeAll };
  };

  it('keeps the code in the database; a hub with an empty data folder makes it again and runs it', async () => {
    const { open, upload, cacheOf, stored, closeAll } = await setup();
    let hub = await open();
    const result = await upload(hub, notesFiles('1.0.0'));
    expect(result).toMatchObject({ name: 'notes', version: '1.0.0', replaced: false, format: 'zip' });
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await stored(hub)).toEqual({ uploads: [{ module: 'notes', sha256: result.sha256 }], code: [{ sha256: result.sha256, version: '1.0.0' }] });
    expect(await hub.get('notes')).toMatchObject({ source: 'upload', codeSha256: result.sha256, state: 'available', dir: join(cacheOf(hub), result.sha256, 'notes') });
    await hub.apply({ action: 'install', modules: ['notes'] });
    expect(await hub.services<{ version(): string }>('notes').then((s) => s.version())).toBe('1.0.0');

    // Another machine: nothing of the module on disk.
    await closeAll();
    rmSync(cacheOf(hub), { recursive: true, force: true });
    hub = await open();
    expect(await hub.services<{ version(): string }>('notes').then((s) => s.version())).toBe('1.0.0');
    expect(readFileSync(join(cacheOf(hub), result.sha256, 'notes', 'index.js'), 'utf8')).toContain("version: () => '1.0.0'");
    await hub.db.query("INSERT INTO notes.notes (body) VALUES ('kept')");
  });

  it('a changed file in the cache is made again from the database; a changed database copy is refused', async () => {
    const { open, upload, cacheOf } = await setup();
    const hub = await open();
    const { sha256 } = await upload(hub, notesFiles('1.0.0'));
    await hub.apply({ action: 'install', modules: ['notes'] });
    const entry = join(cacheOf(hub), sha256, 'notes', 'index.js');
    const original = readFileSync(entry, 'utf8');
    writeFileSync(entry, original.replace("'1.0.0'", "'tampered'"));
    expect((await hub.get('notes')).codeSha256).toBe(sha256);
    expect(readFileSync(entry, 'utf8')).toBe(original);
    expect(await hub.services<{ version(): string }>('notes').then((s) => s.version())).toBe('1.0.0');

    // The stored archive replaced by other files: they do not hash to the sha256, so they are not used.
    const otherDir = join(cacheOf(hub), '..', 'other');
    mkdirSync(otherDir, { recursive: true });
    writeFileSync(join(otherDir, 'index.js'), 'export default 1;\n');
    const tgzOfOther = await packTree(otherDir, ['index.js']);
    rmSync(otherDir, { recursive: true, force: true });
    await hub.db.query('UPDATE hub.module_code SET archive = $2 WHERE sha256 = $1', [sha256, tgzOfOther]);
    rmSync(join(cacheOf(hub), sha256), { recursive: true, force: true });
    const report = await hub.validate('notes');
    expect(report.valid).toBe(false);
    expect(report.errors).toContainEqual(expect.objectContaining({ code: 'HUB_MODULE_CODE_CORRUPT' }));
    expect(existsSync(join(cacheOf(hub), sha256))).toBe(false);
  });

  it('refuses an import the host does not provide and the archive does not bundle, keeping nothing; a bundled one is taken', async () => {
    const { open, upload, cacheOf, stored } = await setup();
    const hub = await open();
    const refused = await upload(hub, notesFiles('1.0.0', { imports: "import pad from 'left-pad';\nimport 'node:path';" })).catch((e) => e);
    expect(refused).toMatchObject({ code: 'HUB_UPLOAD_PACKAGE_MISSING', status: 422, module: 'notes', details: { packages: ['left-pad'] } });
    expect(refused.message).toContain('"left-pad" (imported by index.js)');
    expect(await stored(hub)).toEqual({ uploads: [], code: [] });
    expect(readdirSync(cacheOf(hub)).filter((d) => d !== 'node_modules')).toEqual([]);
    await expect(hub.get('notes')).rejects.toMatchObject({ code: 'HUB_MODULE_NOT_FOUND' });

    const throwing = await upload(hub, notesFiles('1.0.0', { imports: "throw new Error('no database here');" })).catch((e) => e);
    expect(throwing).toMatchObject({ code: 'HUB_UPLOAD_LOAD_FAILED', status: 422 });
    expect(throwing.message).toContain('no database here');
    expect(await stored(hub)).toEqual({ uploads: [], code: [] });

    const bundled = notesFiles('1.0.0', {
      imports: "import pad from 'left-pad';\nif (pad('1', 3) !== '001') throw new Error('bundled package not used');",
      extra: {
        'node_modules/left-pad/package.json': JSON.stringify({ name: 'left-pad', version: '1.0.0', type: 'module', main: 'index.js' }),
        'node_modules/left-pad/index.js': "export default (s, n) => s.padStart(n, '0');\n",
      },
    });
    expect((await upload(hub, bundled)).version).toBe('1.0.0');
    expect((await stored(hub)).uploads).toHaveLength(1);
    await expect(upload(hub, notesFiles('1.0.1'))).rejects.toMatchObject({ code: 'HUB_ARCHIVE_EXISTS', status: 409 });
  });

  it('a rollback runs the older uploaded code again, over the older schema', async () => {
    const { open, upload, stored } = await setup();
    const hub = await open();
    const v1 = await upload(hub, notesFiles('1.0.0'));
    await hub.apply({ action: 'install', modules: ['notes'] });
    const v2 = await upload(hub, notesFiles('1.1.0', { columns: "body: text('body'), title: text('title')" }), true);
    expect(v2).toMatchObject({ replaced: true, previousVersion: '1.0.0' });
    // Uploaded but not applied: the installed code keeps running.
    expect(await hub.get('notes')).toMatchObject({ upgradable: true, installedVersion: '1.0.0' });
    expect(await hub.services<{ version(): string }>('notes').then((s) => s.version())).toBe('1.0.0');
    await hub.apply({ action: 'upgrade', modules: ['notes'] });
    expect(await hub.services<{ version(): string }>('notes').then((s) => s.version())).toBe('1.1.0');
    expect((await hub.load('notes')).info.codeSha256).toBe(v2.sha256);

    await hub.apply({ action: 'rollback', modules: ['notes'], options: { acceptDataLoss: true } });
    expect(await hub.services<{ version(): string }>('notes').then((s) => s.version())).toBe('1.0.0');
    expect((await hub.load('notes')).info.codeSha256).toBe(v1.sha256);
    expect(await hub.get('notes')).toMatchObject({ installedVersion: '1.0.0', upgradable: true });
    const columns = await hub.db.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_schema = 'notes' AND table_name = 'notes' ORDER BY 1");
    expect(columns.map((c) => c.column_name)).toEqual(['body', 'id']);
    // Both versions are kept: one is installed, the other uploaded and in the history.
    expect((await stored(hub)).code.map((c) => c.version)).toEqual(['1.0.0', '1.1.0']);
  });
});
