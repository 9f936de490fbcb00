// withOneView: everything a remount asks sees one discovery (the same modules, read once), and
// nothing after it ends keeps that snapshot, not even work it started.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModuleCatalog } from './catalog.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const noUploads = { query: async () => [] as never[] }; // hub.uploads is empty
const turn = () => new Promise((r) => setImmediate(r));

describe('ModuleCatalog.withOneView', () => {
  const made: string[] = [];
  afterEach(() => { for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true }); });

  function host() {
    const root = mkdtempSync(join(tmpdir(), 'hub-catalog-'));
    made.push(root);
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'host', version: '0.0.0', private: true, dependencies: {} }));
    mkdirSync(join(root, 'addons'));
    const addModule = (name: string) => {
      mkdirSync(join(root, 'addons', name));
      writeFileSync(join(root, 'addons', name, 'package.json'), JSON.stringify({ name: `@hub/module-${name}`, version: '1.0.0', type: 'module', main: 'index.js', hub: { module: name } }));
      writeFileSync(join(root, 'addons', name, 'index.js'), `export default { name: '${name}' };\n`);
    };
    const catalog = new ModuleCatalog({ hostDir: root, addonsPaths: [join(root, 'addons')], dataDir: join(root, '.hub') }, noUploads, quiet);
    return { catalog, addModule };
  }
  const names = async (catalog: ModuleCatalog) => [...(await catalog.view()).modules.keys()].sort();

  it('answers every view() inside from one discovery, across turns of the event loop', async () => {
    const { catalog, addModule } = host();
    addModule('first');
    await catalog.withOneView(async () => {
      const before = catalog.view();
      await before;
      addModule('second');
      await turn();
      expect(catalog.view()).toBe(before);
      expect(await names(catalog)).toEqual(['first']);
    });
    expect(await names(catalog)).toEqual(['first', 'second']);
  });

  it('discovers afresh for work that outlives it, such as a timer it started', async () => {
    const { catalog, addModule } = host();
    addModule('first');
    let later: Promise<string[]> | undefined;
    const fired = new Promise<void>((resolve) => {
      void catalog.withOneView(async () => {
        await catalog.view();
        addModule('second');
        setTimeout(() => { later = names(catalog); resolve(); }, 20);
      });
    });
    await fired;
    expect(await later).toEqual(['first', 'second']);
  });
});
